package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.metrics.MetricsSettings;

/** The {@code [metrics]} table: defaults, validation like every other table, and resume. */
class MetricsSectionTest {
  private static final String BASE =
      "[dataset]\nid = \"idx\"\npath = \"data\"\n\n[model]\nid = \"cnn\"\n";
  private final FakeExtensions.MapCatalog catalog = FakeExtensions.standardCatalog();

  private RunConfig load(Path dir, String toml) throws Exception {
    Path file = dir.resolve("run.toml");
    Files.writeString(file, BASE + toml);
    return new ConfigLoader(dir).load(file, List.of(), catalog);
  }

  @Test
  void leftOutItMeansTensorBoardOnAndEveryRegistryOff(@TempDir Path dir) throws Exception {
    MetricsSettings settings = MetricsSettings.of(load(dir, "").metrics());
    assertTrue(settings.tensorboard());
    assertFalse(settings.prometheus() || settings.jmx() || settings.logging());
    assertEquals("127.0.0.1", settings.prometheusHost(), "loopback unless configured");
    assertEquals(9464, settings.prometheusPort());
  }

  @Test
  void choosesRegistriesAndIsWrittenIntoTheResolvedConfig(@TempDir Path dir) throws Exception {
    RunConfig config =
        load(
            dir,
            "[metrics]\nprometheus = true\nprometheus_port = 0\njmx = true\nlogging = true\n"
                + "logging_seconds = 5\ntensorboard = false\n");
    MetricsSettings settings = MetricsSettings.of(config.metrics());
    assertTrue(settings.prometheus() && settings.jmx() && settings.logging());
    assertFalse(settings.tensorboard());
    assertEquals(0, settings.prometheusPort());
    assertEquals(5, settings.loggingInterval().toSeconds());
    String written = ResolvedConfigWriter.toToml(config);
    assertTrue(written.contains("[metrics]") && written.contains("prometheus_port = 0"), written);

    Path resolved = dir.resolve("resolved.toml");
    Files.writeString(resolved, written);
    assertEquals(
        config,
        new ConfigLoader(dir).load(resolved, List.of(), catalog),
        "the resolved config loads back equal");
  }

  @Test
  void reportsEveryBadKeyWithItsLineAndFix(@TempDir Path dir) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    dir,
                    "[metrics]\n"
                        + "prometheus = \"yes\"\n"
                        + "prometheus_port = 70000\n"
                        + "prometheuss_host = \"0.0.0.0\"\n"));
    String message = e.getMessage();
    assertEquals(3, e.problems().size(), message);
    assertTrue(message.contains("metrics.prometheus") && message.contains("run.toml:9"), message);
    assertTrue(message.contains("metrics.prometheus_port") && message.contains("65535"), message);
    assertTrue(
        message.contains("prometheuss_host") && message.contains("prometheus_host"),
        "suggests the close key: " + message);
  }

  @Test
  void aMisplacedMetricsKeyIsSentToItsTable(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.toml");
    Files.writeString(file, "jmx = true\n" + BASE);
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader(dir).load(file, List.of(), catalog));
    assertTrue(e.getMessage().contains("belongs in [metrics]"), e.getMessage());
  }
}
