package org.nclab.runtime.session;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.KernelList;

/**
 * Which TensorFlow native library this process runs: its version, the Maven classifier of the
 * {@code tensorflow-core-native} jar on the class path ({@code linux-x86_64} or {@code
 * linux-x86_64-gpu}) and whether CUDA kernels are compiled in.
 */
public record NativeBuild(String version, String classifier, boolean cudaKernels) {
  /** The classifiers TensorFlow Java 1.1.0 publishes, GPU first (it is the one to detect). */
  private static final List<String> CLASSIFIERS =
      List.of("linux-x86_64-gpu", "linux-x86_64", "linux-arm64", "macosx-arm64", "windows-x86_64");

  public static NativeBuild current() {
    String version = TensorFlow.version();
    String classifier =
        CLASSIFIERS.stream()
            .filter(
                c ->
                    TensorFlow.class.getClassLoader().getResource(resourceFolder(c) + "LICENSE")
                        != null)
            .findFirst()
            .orElse("unknown");
    return new NativeBuild(version, classifier, hasGpuKernel("MatMul"));
  }

  /** The GPU build: needs CUDA 12 and cuDNN 9 on the machine to see a GPU. */
  public boolean gpuBuild() {
    return classifier.endsWith("-gpu");
  }

  public String describe() {
    return "TensorFlow "
        + version
        + ", native build "
        + classifier
        + (cudaKernels ? " (CUDA kernels compiled in)" : " (CPU kernels only)");
  }

  private static String resourceFolder(String classifier) {
    return "org/tensorflow/internal/c_api/" + classifier + "/";
  }

  /**
   * Whether the loaded library registered a GPU kernel for {@code op}: true only in CUDA builds.
   */
  private static boolean hasGpuKernel(String op) {
    TF_Status status = TF_NewStatus();
    TF_Buffer buffer = TF_GetRegisteredKernelsForOp(op, status);
    try {
      if (TF_GetCode(status) != TF_OK) {
        return false;
      }
      KernelList kernels = KernelList.parseFrom(buffer.dataAsByteBuffer());
      return kernels.getKernelList().stream().anyMatch(k -> k.getDeviceType().equals("GPU"));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("TensorFlow returned an unreadable kernel list for " + op, e);
    } finally {
      if (buffer != null) {
        TF_DeleteBuffer(buffer);
      }
      TF_DeleteStatus(status);
    }
  }
}
