package org.nclab.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a training step's time goes, from TensorFlow's own traces ({@code RunOptions} at
 * FULL_TRACE): time per op type summed over traced steps, against the steps' wall time. The sum
 * over all ops divided by the wall time says how busy the thread pools were; the op types say which
 * kernels to look at (convolutions near the CPU's peak, or many small ops). The share of the wall
 * time when no op ran at all (the union of the ops' intervals against the wall time) is what the
 * step spends in feeding, the session's bookkeeping and Java.
 */
final class StepProfile {
  private record Total(long micros, int count) {
    Total plus(long more) {
      return new Total(micros + more, count + 1);
    }
  }

  private final Graph graph;
  private final Map<String, Total> byType = new HashMap<>();
  private long wallNanos;
  private long busyMicros;
  private int steps;

  StepProfile(Graph graph) {
    this.graph = graph;
  }

  void add(RunMetadata metadata, long stepWallNanos) {
    steps++;
    wallNanos += stepWallNanos;
    List<long[]> intervals = new ArrayList<>();
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        GraphOperation op = graph.operation(node.getNodeName());
        String type = op != null ? op.type() : node.getNodeName(); // _SOURCE, _Recv, ...
        byType.merge(type, new Total(node.getAllEndRelMicros(), 1), (a, b) -> a.plus(b.micros()));
        long start = node.getAllStartMicros();
        intervals.add(new long[] {start, start + node.getAllEndRelMicros()});
      }
    }
    busyMicros += union(intervals);
  }

  /** The time covered by at least one of the intervals: some kernel was running. */
  static long union(List<long[]> intervals) {
    intervals.sort(Comparator.comparingLong(i -> i[0]));
    long covered = 0;
    long from = Long.MIN_VALUE;
    long to = Long.MIN_VALUE;
    for (long[] i : intervals) {
      if (i[0] > to) {
        covered += to - from;
        from = i[0];
        to = i[1];
      } else {
        to = Math.max(to, i[1]);
      }
    }
    return covered + (to - from);
  }

  String table(int top) {
    long opMicros = byType.values().stream().mapToLong(Total::micros).sum();
    double wallMicrosPerStep = wallNanos / 1e3 / steps;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "profile of %d traced steps: %.1f ms wall per step, %.1f ms of op time per step (%.2f"
                + " ops busy at once)%n",
            steps,
            wallMicrosPerStep / 1e3,
            opMicros / 1e3 / steps,
            opMicros / (double) steps / wallMicrosPerStep));
    out.append(String.format("  %-32s %10s %7s %9s%n", "op type", "ms/step", "share", "ops/step"));
    byType.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, Total> e) -> e.getValue().micros())
                .reversed())
        .limit(top)
        .forEach(
            e ->
                out.append(
                    String.format(
                        "  %-32s %10.2f %6.1f%% %9.0f%n",
                        e.getKey(),
                        e.getValue().micros() / 1e3 / steps,
                        100.0 * e.getValue().micros() / opMicros,
                        e.getValue().count() / (double) steps)));
    long opsPerStep = byType.values().stream().mapToLong(Total::count).sum() / Math.max(steps, 1);
    double outside = Math.max(0, 1 - busyMicros / (wallMicrosPerStep * steps));
    out.append(
        String.format(
            "  %d ops per step in all; %.1f%% of the step's wall time outside kernels (no op"
                + " running: feeding, session and Java)%n",
            opsPerStep, 100 * outside));
    return out.toString();
  }
}
