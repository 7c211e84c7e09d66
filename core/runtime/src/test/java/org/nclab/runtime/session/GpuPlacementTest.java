package org.nclab.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The GPU path as far as a CPU-only machine can check it: a graph pinned to {@code /gpu:0} runs (on
 * the CPU) through soft placement, the devices TensorFlow sees are listed, and asking for a GPU
 * that is not there is refused in one line.
 */
class GpuPlacementTest {

  @Test
  void aGraphPlacedOnTheGpuRunsOnTheCpuWithSoftPlacement() {
    try (Graph graph = new Graph()) {
      Ops tf =
          Ops.create(graph)
              .withDevice(
                  DeviceSpec.newBuilder()
                      .deviceType(DeviceSpec.DeviceType.GPU)
                      .deviceIndex(0)
                      .build());
      Operand<TFloat32> a = tf.constant(new float[][] {{1, 2}, {3, 4}});
      Operand<TFloat32> product = tf.linalg.matMul(a, tf.math.add(a, tf.constant(1f)));
      String placed =
          graph.toGraphDef().getNodeList().stream()
              .filter(n -> n.getName().equals(product.op().name()))
              .findFirst()
              .orElseThrow()
              .getDevice();
      assertTrue(placed.contains("GPU:0"), "the graph asks for the GPU: " + placed);
      try (Session session = Sessions.open(graph, SessionSettings.defaults());
          Result result = session.runner().fetch(product).run()) {
        TFloat32 value = (TFloat32) result.get(0);
        assertEquals(1 * 2 + 2 * 4, value.getFloat(0, 0)); // [[1,2],[3,4]] x [[2,3],[4,5]]
        assertEquals(3 * 3 + 4 * 5, value.getFloat(1, 1));
      }
    }
  }

  @Test
  void theCpuIsAlwaysListedAndCpuHidesGpus() {
    List<VisibleDevices.Device> all = VisibleDevices.list(SessionSettings.defaults().configProto());
    assertTrue(
        all.stream().anyMatch(d -> d.type().equals("CPU") && d.name().endsWith("device:CPU:0")),
        all.toString());
    List<VisibleDevices.Device> cpuOnly =
        VisibleDevices.list(
            new SessionSettings(DeviceChoice.CPU, true, false, 0, 0, false).configProto());
    assertFalse(cpuOnly.stream().anyMatch(VisibleDevices.Device::isGpu), cpuOnly.toString());
  }

  @Test
  void askingForAMissingGpuIsRefusedWithTheFix() {
    boolean gpuVisible =
        VisibleDevices.list(SessionSettings.defaults().configProto()).stream()
            .anyMatch(VisibleDevices.Device::isGpu);
    assumeFalse(gpuVisible, "this machine has a usable GPU, so device = \"gpu\" is not refused");
    try (Graph graph = new Graph()) {
      UserException e =
          assertThrows(
              UserException.class,
              () ->
                  Sessions.open(
                          graph, new SessionSettings(DeviceChoice.GPU, true, false, 0, 0, false))
                      .close());
      assertTrue(
          e.getMessage().startsWith("run.device = \"gpu\" but TensorFlow sees no GPU"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("[run] device") && e.getMessage().contains("device = \"auto\""),
          e.getMessage());
    }
  }

  @Test
  void theNativeBuildKnowsWhetherItHasCudaKernels() {
    NativeBuild build = NativeBuild.current();
    assertTrue(build.version().startsWith("2."), build.version());
    assertTrue(build.classifier().startsWith("linux-x86_64"), build.classifier());
    assertEquals(build.gpuBuild(), build.cudaKernels(), build.describe());
  }
}
