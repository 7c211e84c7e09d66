package org.nclab.runtime.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.AtomicDouble;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nclab.runtime.io.AtomicFiles;

/**
 * The run's metrics: each record is one line of {@code metrics.jsonl} (always on; flushed per line
 * so a killed run keeps every line it wrote) and updates a Micrometer gauge per metric, so any
 * registry added to {@link #registry()} (Prometheus, JMX, logging) sees the same figures.
 *
 * <p>Metric names are slash-separated ({@code test/accuracy}); in Micrometer they become
 * {@code nclab.test.accuracy} tagged with the run name.
 */
public final class MetricsLog implements AutoCloseable {
  private final Path file;
  private final BufferedWriter out;
  private final MeterRegistry registry;
  private final Tags tags;
  private final Map<String, AtomicDouble> gauges = new ConcurrentHashMap<>();
  private final ObjectMapper json = new ObjectMapper();

  public MetricsLog(Path file, MeterRegistry registry, String runName) {
    this.file = file;
    try {
      this.out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw org.nclab.api.UserException.of(
          "cannot open metrics.jsonl for writing (" + e.getMessage() + ")",
          file.toString(),
          "make the run folder writable, or set run.output to a writable folder");
    }
    this.registry = registry;
    this.tags = Tags.of("run", runName);
  }

  /**
   * Keeps only the lines of {@code file} logged at or before {@code step} (a resumed run then
   * appends exactly what an uninterrupted run would have); atomic, and a no-op without the file.
   */
  public static void truncateAfter(Path file, long step) {
    if (!Files.exists(file)) {
      return;
    }
    ObjectMapper json = new ObjectMapper();
    StringBuilder kept = new StringBuilder();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          if (json.readTree(line).path("step").asLong(Long.MAX_VALUE) <= step) {
            kept.append(line).append('\n');
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException halfWritten) {
          // A line cut by a kill is dropped: its step is after the checkpoint anyway.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    AtomicFiles.writeString(file, kept.toString());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Appends {@code {"phase": ..., "epoch": ..., "step": ..., metrics...}} and updates the gauges.
   */
  public synchronized void record(String phase, int epoch, long step, Map<String, Double> metrics) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("phase", phase);
    line.put("epoch", epoch);
    line.put("step", step);
    metrics.forEach((name, value) -> line.put(name, Double.isFinite(value) ? value : null));
    try {
      out.write(json.writeValueAsString(line));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw org.nclab.api.UserException.of(
          "cannot append to metrics.jsonl (" + e.getMessage() + ")",
          file.toString(),
          "free disk space or make the folder writable, then run the same command again to resume");
    }
    metrics.forEach((name, value) -> gauge(name).set(value));
  }

  private AtomicDouble gauge(String name) {
    return gauges.computeIfAbsent(
        name,
        n -> {
          AtomicDouble holder = new AtomicDouble(Double.NaN);
          Gauge.builder("nclab." + n.replace('/', '.'), holder, AtomicDouble::get)
              .tags(tags)
              .register(registry);
          return holder;
        });
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
