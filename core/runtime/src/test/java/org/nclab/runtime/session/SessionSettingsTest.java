package org.nclab.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

class SessionSettingsTest {

  @Test
  void defaultsLeaveTensorFlowsChoicesAndPlaceSoftly() {
    ConfigProto config = SessionSettings.defaults().configProto();
    assertTrue(config.getAllowSoftPlacement());
    assertEquals(0, config.getIntraOpParallelismThreads());
    assertEquals(0, config.getInterOpParallelismThreads());
    assertTrue(config.getGpuOptions().getAllowGrowth());
    assertFalse(config.getDeviceCountMap().containsKey("GPU"));
    assertEquals(
        OptimizerOptions.GlobalJitLevel.DEFAULT,
        config.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
    assertEquals(
        RewriterConfig.Toggle.DEFAULT,
        config.getGraphOptions().getRewriteOptions().getAutoMixedPrecision());
  }

  @Test
  void everySettingReachesItsProtoField() {
    ConfigProto config =
        new SessionSettings(DeviceChoice.CPU, false, true, 2, 1, true).configProto();
    assertEquals(2, config.getIntraOpParallelismThreads());
    assertEquals(1, config.getInterOpParallelismThreads());
    assertFalse(config.getGpuOptions().getAllowGrowth());
    assertEquals(0, config.getDeviceCountMap().get("GPU"), "cpu hides GPUs from the session");
    assertEquals(
        OptimizerOptions.GlobalJitLevel.ON_1,
        config.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
    assertEquals(
        RewriterConfig.Toggle.ON,
        config.getGraphOptions().getRewriteOptions().getAutoMixedPrecision());
  }

  @Test
  void deviceNamesParseBothWays() {
    for (DeviceChoice choice : DeviceChoice.values()) {
      assertEquals(choice, DeviceChoice.parse(choice.configValue()));
    }
  }
}
