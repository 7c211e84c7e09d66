package org.nclab.runtime.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.logging.LoggingMeterRegistry;
import io.micrometer.core.instrument.logging.LoggingRegistryConfig;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The registries a run's meters go to, as {@code [metrics]} chose them, behind one composite
 * registry. With none chosen the composite has no children and its meters cost nothing; the file
 * registry (metrics.jsonl) is not a Micrometer registry and is always on.
 *
 * <p>Closing stops the Prometheus endpoint, publishes the logging registry a last time and
 * unregisters the JMX beans.
 */
public final class MeterRegistries implements AutoCloseable {
  /** The JMX domain of nclab's MBeans ({@code nclab:name=loss,type=gauges,...}). */
  public static final String JMX_DOMAIN = "nclab";

  /**
   * The SLF4J logger the logging registry writes to at INFO; simplelogger.properties lets it
   * through although nclab's default level is WARN.
   */
  public static final String LOGGER = "nclab.metrics";

  private final CompositeMeterRegistry composite = new CompositeMeterRegistry();
  private final List<MeterRegistry> children = new ArrayList<>();
  private final PrometheusEndpoint endpoint;

  public MeterRegistries(MetricsSettings settings) {
    this(settings, LoggerFactory.getLogger(LOGGER)::info);
  }

  /**
   * @param loggingSink where the logging registry's lines go (tests collect them)
   */
  MeterRegistries(MetricsSettings settings, Consumer<String> loggingSink) {
    PrometheusEndpoint started = null;
    try {
      if (settings.prometheus()) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        add(prometheus);
        started =
            PrometheusEndpoint.start(
                prometheus, settings.prometheusHost(), settings.prometheusPort());
      }
      if (settings.jmx()) {
        add(new JmxMeterRegistry(jmxConfig(), Clock.SYSTEM));
      }
      if (settings.logging()) {
        add(
            LoggingMeterRegistry.builder(loggingConfig(settings.loggingInterval()))
                .loggingSink(loggingSink)
                .build());
      }
    } catch (RuntimeException e) {
      children.forEach(MeterRegistry::close);
      throw e;
    }
    this.endpoint = started;
  }

  private void add(MeterRegistry registry) {
    children.add(registry);
    composite.add(registry);
  }

  /** Where meters are registered: every chosen registry sees them. */
  public MeterRegistry registry() {
    return composite;
  }

  /** The Prometheus endpoint, when {@code metrics.prometheus} is on. */
  public Optional<PrometheusEndpoint> prometheus() {
    return Optional.ofNullable(endpoint);
  }

  /** One line per registry for the console, e.g. "prometheus: http://127.0.0.1:9464/metrics". */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    prometheus().ifPresent(e -> lines.add("prometheus: " + e.url()));
    for (MeterRegistry child : children) {
      if (child instanceof JmxMeterRegistry) {
        lines.add("jmx: MBeans in domain '" + JMX_DOMAIN + "'");
      } else if (child instanceof LoggingMeterRegistry) {
        lines.add("logging: every meter logged to stderr (logger " + LOGGER + ")");
      }
    }
    return lines;
  }

  private static JmxConfig jmxConfig() {
    return new JmxConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public String domain() {
        return JMX_DOMAIN;
      }
    };
  }

  private static LoggingRegistryConfig loggingConfig(Duration interval) {
    return new LoggingRegistryConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public Duration step() {
        return interval;
      }
    };
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
    children.forEach(MeterRegistry::close);
    composite.close();
  }
}
