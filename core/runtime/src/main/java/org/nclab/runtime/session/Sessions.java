package org.nclab.runtime.session;

import org.nclab.api.UserException;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/** Opens every session a run uses, with the run's {@link SessionSettings}. */
public final class Sessions {
  private Sessions() {}

  /**
   * A session on {@code graph}. With {@code device = "gpu"} it first checks that TensorFlow sees a
   * GPU and refuses the run in one line otherwise, instead of training on the CPU unnoticed.
   */
  public static Session open(Graph graph, SessionSettings settings) {
    ConfigProto config = settings.configProto();
    if (settings.device() == DeviceChoice.GPU) {
      requireGpu(config);
    }
    return new Session(graph, config);
  }

  /** Fails as {@link #open} would on these settings, without a graph: for checks before a run. */
  public static void requireDevice(SessionSettings settings) {
    if (settings.device() == DeviceChoice.GPU) {
      requireGpu(settings.configProto());
    }
  }

  private static void requireGpu(ConfigProto config) {
    if (VisibleDevices.list(config).stream().anyMatch(VisibleDevices.Device::isGpu)) {
      return;
    }
    NativeBuild build = NativeBuild.current();
    String why =
        build.gpuBuild()
            ? "this is the GPU build, but no GPU is visible: the NVIDIA driver or a CUDA 12 / cuDNN"
                + " 9 library is missing, or no GPU is present"
            : "this is the CPU build (" + build.classifier() + "), which has no GPU support";
    String fix =
        build.gpuBuild()
            ? "run `nclab doctor` to see which library is missing and how to install it, or set"
                + " device = \"auto\" to fall back to the CPU"
            : "use the GPU distribution (mvn -Pgpu package, docs/gpu.md), or set device = \"auto\""
                + " or \"cpu\"";
    throw UserException.of(
        "run.device = \"gpu\" but TensorFlow sees no GPU: " + why, "[run] device", fix);
  }
}
