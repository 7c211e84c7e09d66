package org.nclab.runtime.session;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * The devices a session with given options would run on, as TensorFlow itself enumerates them (an
 * empty graph's session asked through the C API, which TensorFlow Java's {@code Session} does not
 * expose). A GPU appears only when the native build has CUDA kernels and the CUDA libraries and the
 * driver loaded.
 */
public final class VisibleDevices {
  private VisibleDevices() {}

  /**
   * @param name e.g. {@code /job:localhost/replica:0/task:0/device:GPU:0}
   * @param type {@code CPU}, {@code GPU}, ...
   */
  public record Device(String name, String type, long memoryBytes) {
    public boolean isGpu() {
      return type.equals("GPU");
    }
  }

  public static List<Device> list(ConfigProto config) {
    TensorFlow.version(); // loads the native library before the C API is called directly
    TF_Status status = TF_NewStatus();
    TF_Graph graph = TF_NewGraph();
    TF_SessionOptions options = TF_NewSessionOptions();
    TF_Session session = null;
    TF_DeviceList devices = null;
    try {
      byte[] bytes = config.toByteArray();
      try (BytePointer proto = new BytePointer(bytes)) {
        TF_SetConfig(options, proto, bytes.length, status);
      }
      check(status, "session options");
      session = TF_NewSession(graph, options, status);
      check(status, "a session");
      devices = TF_SessionListDevices(session, status);
      check(status, "the device list");
      List<Device> result = new ArrayList<>();
      for (int i = 0; i < TF_DeviceListCount(devices); i++) {
        String name = TF_DeviceListName(devices, i, status).getString();
        String type = TF_DeviceListType(devices, i, status).getString();
        long memory = TF_DeviceListMemoryBytes(devices, i, status);
        check(status, "device " + i);
        result.add(new Device(name, type, memory));
      }
      return List.copyOf(result);
    } finally {
      if (devices != null) {
        TF_DeleteDeviceList(devices);
      }
      if (session != null) {
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
      }
      TF_DeleteSessionOptions(options);
      TF_DeleteGraph(graph);
      TF_DeleteStatus(status);
    }
  }

  private static void check(TF_Status status, String what) {
    if (TF_GetCode(status) != TF_OK) {
      throw new IllegalStateException(
          "TensorFlow could not make " + what + ": " + TF_Message(status).getString());
    }
  }
}
