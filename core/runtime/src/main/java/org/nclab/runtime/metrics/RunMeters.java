package org.nclab.runtime.metrics;

import com.google.common.util.concurrent.AtomicDouble;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's figures as Micrometer gauges named by {@link MeterId}: each record sets the gauges of its
 * keys to the values already computed (nothing here reads the session or times anything), and
 * registries read them whenever they publish or are scraped.
 */
public final class RunMeters {
  private final MeterRegistry registry;
  private final String run;
  // Micrometer holds a gauge's state weakly: this map keeps it alive as long as the run.
  private final Map<List<String>, AtomicDouble> gauges = new ConcurrentHashMap<>();

  public RunMeters(MeterRegistry registry, String run) {
    this.registry = registry;
    this.run = run;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Sets the gauges of {@code figures} (metric key to value, as in metrics.jsonl) and the run's
   * {@code nclab.step} and {@code nclab.epoch}.
   *
   * @param phase {@code step} or {@code epoch}
   * @param method a transfer method, or empty for training and probe figures
   */
  public void update(
      String phase, String method, int epoch, long step, Map<String, Double> figures) {
    gauge("step", phase, method).set(step);
    gauge("epoch", phase, method).set(epoch);
    figures.forEach((key, value) -> gauge(key, phase, method).set(value));
  }

  /** The value a gauge shows now, NaN when it was never set; for tests and tools. */
  public double value(String key, String phase, String method) {
    AtomicDouble holder = gauges.get(List.of(key, phase, method));
    return holder == null ? Double.NaN : holder.get();
  }

  private AtomicDouble gauge(String key, String phase, String method) {
    return gauges.computeIfAbsent(
        List.of(key, phase, method),
        k -> {
          AtomicDouble holder = new AtomicDouble(Double.NaN);
          MeterId id = MeterId.of(key, run, phase, method);
          Gauge.builder(id.name(), holder, AtomicDouble::get).tags(id.tags()).register(registry);
          return holder;
        });
  }
}
