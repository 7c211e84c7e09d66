package org.nclab.runtime.metrics;

import java.time.Duration;
import org.nclab.api.options.Options;
import org.nclab.runtime.config.CoreSections;

/**
 * The validated {@code [metrics]} table ({@link CoreSections#METRICS}): which registries a run
 * feeds besides metrics.jsonl, and where the Prometheus endpoint listens.
 */
public record MetricsSettings(
    boolean tensorboard,
    boolean prometheus,
    String prometheusHost,
    int prometheusPort,
    boolean jmx,
    boolean logging,
    Duration loggingInterval) {

  public static MetricsSettings of(Options metrics) {
    return new MetricsSettings(
        metrics.getBool("tensorboard"),
        metrics.getBool("prometheus"),
        metrics.getString("prometheus_host"),
        metrics.getInt("prometheus_port"),
        metrics.getBool("jmx"),
        metrics.getBool("logging"),
        Duration.ofSeconds(metrics.getInt("logging_seconds")));
  }

  /** Only metrics.jsonl: every registry and TensorBoard off. */
  public static MetricsSettings fileOnly() {
    return new MetricsSettings(false, false, "127.0.0.1", 0, false, false, Duration.ofSeconds(60));
  }

  /** Everything on, the Prometheus endpoint on a free loopback port: what the bench compares. */
  public static MetricsSettings everything(Duration loggingInterval) {
    return new MetricsSettings(true, true, "127.0.0.1", 0, true, true, loggingInterval);
  }
}
