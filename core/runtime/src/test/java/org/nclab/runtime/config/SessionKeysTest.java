package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nclab.runtime.session.DeviceChoice;
import org.nclab.runtime.session.SessionSettings;

/**
 * The [run] keys that say how TensorFlow runs a graph: defaults, values, bad values, round trip.
 */
class SessionKeysTest {
  private static final Path ROOT = ConfigTestFiles.resourceRoot();
  private final FakeExtensions.MapCatalog catalog = FakeExtensions.standardCatalog();

  private RunConfig load(String... overrides) {
    return new ConfigLoader(ROOT)
        .load(Path.of("configs", "good", "minimal.toml"), List.of(overrides), catalog);
  }

  @Test
  void aConfigWithoutThemGetsTensorFlowsDefaultsWithSoftPlacement() {
    assertEquals(SessionSettings.defaults(), SessionSettings.of(load()));
  }

  @Test
  void everyKeyIsRead() {
    SessionSettings settings =
        SessionSettings.of(
            load(
                "run.device=\"cpu\"",
                "run.memory_growth=false",
                "run.mixed_precision=true",
                "run.intra_op_threads=2",
                "run.inter_op_threads=1",
                "run.xla=true"));
    assertEquals(new SessionSettings(DeviceChoice.CPU, false, true, 2, 1, true), settings);
  }

  @Test
  void anUnknownDeviceIsRefusedNamingTheChoices() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("run.device=\"tpu\""));
    assertTrue(
        e.getMessage().contains("run.device") && e.getMessage().contains("gpu"), e.getMessage());
  }

  @Test
  void theResolvedConfigKeepsThem(@org.junit.jupiter.api.io.TempDir Path dir) {
    RunConfig config = load("run.device=\"gpu\"", "run.intra_op_threads=3");
    Path written = dir.resolve("config.toml");
    ResolvedConfigWriter.write(config, written);
    RunConfig again = new ConfigLoader(ROOT).load(written, List.of(), catalog);
    assertEquals(SessionSettings.of(config), SessionSettings.of(again));
    assertEquals(DeviceChoice.GPU, SessionSettings.of(again).device());
  }
}
