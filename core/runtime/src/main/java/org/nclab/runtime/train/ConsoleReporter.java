package org.nclab.runtime.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nclab.runtime.text.Numbers;

/**
 * Shows training on the console, one summary line per epoch always (the lines are what a CI log or
 * a redirected file keeps), and in between:
 *
 * <ul>
 *   <li>on a terminal, a bar per phase ("epoch 2/6 train", "evaluate", "probe", "checkpoint") with
 *       its own count and clock; a resumed epoch's bar starts at the step it resumed from, and a
 *       finished bar is erased, so scrollback holds epoch lines only;
 *   <li>otherwise, a status line every {@code statusEvery} (30 s by default, or the {@value
 *       #STATUS_PROPERTY} system property in seconds) from a timer, so a log shows progress even
 *       while a long evaluation or probe runs.
 * </ul>
 */
public final class ConsoleReporter implements TrainingListener {
  /** Seconds between status lines when the output is not a terminal. */
  public static final String STATUS_PROPERTY = "nclab.status.seconds";

  private static final Duration DEFAULT_STATUS_EVERY = Duration.ofSeconds(30);
  private static final String BETWEEN_EPOCHS = "ended";

  private final PrintStream out;
  private final boolean interactive;
  private final Duration statusEvery;
  private ProgressBar bar;
  private ScheduledExecutorService timer;
  private double lossSum;
  private long examples;
  private long epochStartNanos;
  private volatile long phaseStartNanos;
  private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
  // What the status timer reads; written on the training thread.
  private volatile String phase = TrainingState.TRAIN;
  private volatile long done;
  private volatile long total;
  private volatile String epochLabel = "";
  private volatile String extra = "";

  public ConsoleReporter(PrintStream out, boolean interactive) {
    this(out, interactive, statusEveryFromProperty());
  }

  public ConsoleReporter(PrintStream out, boolean interactive, Duration statusEvery) {
    this.out = out;
    this.interactive = interactive;
    this.statusEvery = statusEvery;
  }

  private static Duration statusEveryFromProperty() {
    String seconds = System.getProperty(STATUS_PROPERTY);
    try {
      return seconds == null
          ? DEFAULT_STATUS_EVERY
          : Duration.ofMillis((long) (Double.parseDouble(seconds) * 1000));
    } catch (NumberFormatException e) {
      return DEFAULT_STATUS_EVERY;
    }
  }

  @Override
  public void onTrainStart(TrainingState state) {
    if (!interactive && !statusEvery.isZero() && !statusEvery.isNegative()) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "nclab-status");
                thread.setDaemon(true);
                return thread;
              });
      long millis = statusEvery.toMillis();
      timer.scheduleAtFixedRate(this::printStatus, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void onEpochStart(TrainingState state, int stepsInEpoch) {
    endPhase(); // the last epoch's checkpoint, if one was shown
    phaseStartNanos = 0;
    lossSum = 0;
    examples = 0;
    epochStartNanos = System.nanoTime();
    phaseSeconds.clear();
    epochLabel = String.format("epoch %d/%d", state.epoch(), state.totalEpochs());
    extra = "";
    startPhase(TrainingState.TRAIN, state.batchInEpoch(), stepsInEpoch);
  }

  @Override
  public void onStep(TrainingState state, double loss, int batchSize) {
    done = state.batchInEpoch();
    if (!Double.isFinite(loss)) {
      return; // a skipped step (train.on_nonfinite = "skip") is counted in the epoch's metrics
    }
    lossSum += loss * batchSize;
    examples += batchSize;
    double seconds = (System.nanoTime() - phaseStartNanos) / 1e9;
    extra =
        String.format(
            " loss %.4f  %.0f img/s", lossSum / examples, examples / Math.max(seconds, 1e-9));
    if (bar != null) {
      bar.stepTo(done);
      bar.setExtraMessage(extra);
    }
  }

  @Override
  public void onPhase(TrainingState state, String name, long done, long total) {
    if (!name.equals(phase)) {
      startPhase(name, done, total);
    } else {
      this.done = done;
      this.total = total;
      if (bar != null) {
        if (bar.getMax() != total) {
          bar.maxHint(total);
        }
        bar.stepTo(done);
      }
    }
  }

  /** Ends the phase shown (its bar erased, its time kept for the epoch line) and shows the next. */
  private void startPhase(String name, long done, long total) {
    endPhase();
    phase = name;
    this.done = done;
    this.total = total;
    phaseStartNanos = System.nanoTime();
    if (!name.equals(TrainingState.TRAIN)) {
      extra = "";
    }
    if (interactive) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(epochLabel + " " + name)
              .setInitialMax(total)
              .startsFrom(done, Duration.ZERO)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .continuousUpdate()
              .setConsumer(new OneLine())
              .clearDisplayOnFinish()
              .build();
    }
  }

  /**
   * A bar drawn over one terminal line with carriage returns and erased when it ends, leaving no
   * empty line behind (the library's consumers end each bar with a newline).
   */
  private static final class OneLine implements ProgressBarConsumer {
    private final ConsoleProgressBarConsumer line = new ConsoleProgressBarConsumer(System.err);

    @Override
    public int getMaxRenderedLength() {
      return line.getMaxRenderedLength();
    }

    @Override
    public void accept(String text) {
      line.accept(text); // "\r" + text
    }

    @Override
    public void clear() {
      line.accept(" ".repeat(Math.max(0, getMaxRenderedLength())));
      line.accept("");
    }

    @Override
    public void close() {
      System.err.flush();
    }
  }

  private void endPhase() {
    if (phaseStartNanos != 0
        && !phase.equals(TrainingState.TRAIN)
        && !phase.equals(BETWEEN_EPOCHS)) {
      phaseSeconds.merge(phase, (System.nanoTime() - phaseStartNanos) / 1e9, Double::sum);
    }
    if (bar != null) {
      bar.close(); // erased: clearDisplayOnFinish
      bar = null;
    }
  }

  private void printStatus() {
    if (phaseStartNanos == 0) {
      return; // between the start of training and of its first phase: nothing to say yet
    }
    String count =
        total > 0 ? String.format(" %d/%d (%.0f%%)", done, total, 100.0 * done / total) : "";
    double seconds = (System.nanoTime() - phaseStartNanos) / 1e9;
    out.printf(
        "  %s %s%s%s  %.0f s%n",
        epochLabel, phase, count, phase.equals(TrainingState.TRAIN) ? extra : "", seconds);
    out.flush();
  }

  @Override
  public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
    endPhase();
    double wall = (System.nanoTime() - epochStartNanos) / 1e9;
    StringBuilder after = new StringBuilder();
    phaseSeconds.forEach(
        (name, seconds) -> after.append(String.format(", %s %.1f s", name, seconds)));
    out.printf(
        "epoch %d/%d  loss %.4f  train acc %.4f  test loss %.4f  test acc %.4f  %.0f img/s  %.1f s"
            + " (train %.1f s%s)%n",
        state.epoch(),
        state.totalEpochs(),
        metrics.getOrDefault("train/loss", Double.NaN),
        metrics.getOrDefault("train/accuracy", Double.NaN),
        metrics.getOrDefault("test/loss", Double.NaN),
        metrics.getOrDefault("test/accuracy", Double.NaN),
        metrics.getOrDefault("train/images_per_second", Double.NaN),
        wall,
        metrics.getOrDefault("train/epoch_seconds", Double.NaN),
        after);
    printNc1(metrics);
    out.flush();
    phase = BETWEEN_EPOCHS; // until a checkpoint or the next epoch starts
    phaseStartNanos = System.nanoTime();
    done = 0;
    total = 0;
  }

  /** NC1 per split and tap, when a probe measured it: " nc1 train: block1 3.21 features 0.84". */
  private void printNc1(Map<String, Double> metrics) {
    Map<String, StringBuilder> bySplit = new LinkedHashMap<>();
    metrics.forEach(
        (name, value) -> {
          String[] parts = name.split("/");
          if (parts.length == 4 && parts[0].equals("probe") && parts[3].equals("nc1")) {
            bySplit
                .computeIfAbsent(parts[1], s -> new StringBuilder())
                .append("  ")
                .append(parts[2])
                .append(' ')
                .append(Numbers.measurement(value, 4));
          }
        });
    bySplit.forEach((split, line) -> out.println("  nc1 " + split + ":" + line));
  }

  @Override
  public void onTrainEnd(TrainingState state, boolean completed) {
    endPhase();
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
