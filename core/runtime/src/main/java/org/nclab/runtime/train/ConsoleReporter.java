package org.nclab.runtime.train;

import java.io.PrintStream;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training on the console: a progress bar per epoch with loss, accuracy and images/s when
 * the output is a terminal, and one summary line per epoch always (the lines are what a CI log
 * or a redirected file keeps).
 */
public final class ConsoleReporter implements TrainingListener {
  private final PrintStream out;
  private final boolean interactive;
  private ProgressBar bar;
  private double lossSum;
  private long examples;
  private long startNanos;

  public ConsoleReporter(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  @Override
  public void onEpochStart(TrainingState state, int stepsInEpoch) {
    lossSum = 0;
    examples = 0;
    startNanos = System.nanoTime();
    if (interactive) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(String.format("epoch %d/%d", state.epoch(), state.totalEpochs()))
              .setInitialMax(stepsInEpoch)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .continuousUpdate()
              .build();
    }
  }

  @Override
  public void onStep(TrainingState state, double loss, int batchSize) {
    if (!Double.isFinite(loss)) {
      return; // a skipped step (train.on_nonfinite = "skip") is counted in the epoch's metrics
    }
    lossSum += loss * batchSize;
    examples += batchSize;
    if (bar != null) {
      bar.step();
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      bar.setExtraMessage(
          String.format(" loss %.4f  %.0f img/s", lossSum / examples, examples / Math.max(seconds, 1e-9)));
    }
  }

  @Override
  public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
    closeBar();
    out.printf(
        "epoch %d/%d  loss %.4f  train acc %.4f  test loss %.4f  test acc %.4f  %.0f img/s  %.1f s%n",
        state.epoch(),
        state.totalEpochs(),
        metrics.getOrDefault("train/loss", Double.NaN),
        metrics.getOrDefault("train/accuracy", Double.NaN),
        metrics.getOrDefault("test/loss", Double.NaN),
        metrics.getOrDefault("test/accuracy", Double.NaN),
        metrics.getOrDefault("train/images_per_second", Double.NaN),
        metrics.getOrDefault("train/epoch_seconds", Double.NaN));
    printNc1(metrics);
    out.flush();
  }

  /** NC1 per split and tap, when a probe measured it: "  nc1 train: block1 3.21  features 0.84". */
  private void printNc1(Map<String, Double> metrics) {
    Map<String, StringBuilder> bySplit = new java.util.LinkedHashMap<>();
    metrics.forEach(
        (name, value) -> {
          String[] parts = name.split("/");
          if (parts.length == 4 && parts[0].equals("probe") && parts[3].equals("nc1")) {
            bySplit
                .computeIfAbsent(parts[1], s -> new StringBuilder())
                .append(String.format("  %s %.4g", parts[2], value));
          }
        });
    bySplit.forEach((split, line) -> out.println("  nc1 " + split + ":" + line));
  }

  @Override
  public void onTrainEnd(TrainingState state, boolean completed) {
    closeBar();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
