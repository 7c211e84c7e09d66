package org.nclab.runtime.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.runtime.io.AtomicFiles;
import org.nclab.runtime.metrics.MeterId;
import org.nclab.runtime.metrics.RunMeters;

/**
 * The run's metrics: each record is one line of {@code metrics.jsonl} (always on; flushed per line
 * so a killed run keeps every line it wrote) and updates a Micrometer gauge per metric, so any
 * registry added to {@link #registry()} (Prometheus, JMX, logging) sees the same figures.
 *
 * <p>Metric names are slash-separated ({@code test/accuracy}); {@link MeterId} says which meter and
 * tags each becomes ({@code nclab.accuracy}, split=test). Figures of a transfer method go through
 * {@link #forMethod}: their lines carry {@code "method"} and their meters the tag.
 */
public final class MetricsLog implements AutoCloseable {
  private final Path file;
  private final BufferedWriter out;
  private final RunMeters meters;
  private final ObjectMapper json = new ObjectMapper();

  public MetricsLog(Path file, MeterRegistry registry, String runName) {
    this.file = file;
    try {
      this.out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw UserException.of(
          "cannot open metrics.jsonl for writing (" + e.getMessage() + ")",
          file.toString(),
          "make the run folder writable, or set run.output to a writable folder");
    }
    this.meters = new RunMeters(registry, runName);
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
        } catch (JsonProcessingException halfWritten) {
          // A line cut by a kill is dropped: its step is after the checkpoint anyway.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    AtomicFiles.writeString(file, kept.toString());
  }

  public MeterRegistry registry() {
    return meters.registry();
  }

  /** The gauges this log sets. */
  public RunMeters meters() {
    return meters;
  }

  /**
   * Appends {@code {"phase": ..., "epoch": ..., "step": ..., "wall_time": ..., metrics...}} and
   * updates the gauges.
   */
  public void record(String phase, int epoch, long step, Map<String, Double> metrics) {
    write("", phase, epoch, step, metrics);
  }

  /**
   * Where a transfer method (linear probe, fine-tuning, ...) records its figures: the same file and
   * meters, each line with {@code "method": method} and each meter tagged {@code method=...}.
   *
   * <pre>{@code
   * MetricsLog.Figures linear = log.forMethod("linear");
   * linear.record("epoch", 1, 40, Map.of("test/accuracy", 0.87));  // nclab.accuracy{method=linear,split=test}
   * }</pre>
   */
  public Figures forMethod(String method) {
    if (method.isEmpty()) {
      throw new IllegalArgumentException(
          "a method name is needed; use record(...) for training figures");
    }
    return (phase, epoch, step, metrics) -> write(method, phase, epoch, step, metrics);
  }

  /** Records figures of one transfer method; see {@link #forMethod}. */
  @FunctionalInterface
  public interface Figures {
    void record(String phase, int epoch, long step, Map<String, Double> metrics);
  }

  private synchronized void write(
      String method, String phase, int epoch, long step, Map<String, Double> metrics) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("phase", phase);
    if (!method.isEmpty()) {
      line.put("method", method);
    }
    line.put("epoch", epoch);
    line.put("step", step);
    // Seconds since 1970 (TensorBoard's wall_time): the dashboard's time axes and ETA.
    line.put("wall_time", System.currentTimeMillis() / 1000.0);
    metrics.forEach((name, value) -> line.put(name, Double.isFinite(value) ? value : null));
    try {
      out.write(json.writeValueAsString(line));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw UserException.of(
          "cannot append to metrics.jsonl (" + e.getMessage() + ")",
          file.toString(),
          "free disk space or make the folder writable, then run the same command again to resume");
    }
    meters.update(phase, method, epoch, step, metrics);
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
