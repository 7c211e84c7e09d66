package org.nclab.bench;

import com.google.common.base.Ticker;
import com.google.common.math.Quantiles;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.nclab.api.data.Split;
import org.nclab.api.model.Tap;
import org.nclab.runtime.config.TransferConfig;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.transfer.BlockChoice;
import org.nclab.runtime.transfer.SourceRun;
import org.nclab.runtime.transfer.TransferMethod;
import org.nclab.runtime.transfer.TransferModel;

/**
 * What fine-tuning costs per step by method: {@code full}, {@code layer}, {@code scl} concat and
 * {@code scl} bypass on a transfer config's downstream data, each a {@link Trainer} over its own
 * restored model, timed in alternating rounds (the first method moves one place each round) so that
 * machine noise hits every method alike. Reports per-round images/s, medians and their ratios.
 */
public final class FineTuningBenchmark {
  private final TransferConfig config;
  private final int steps;
  private final int rounds;
  private final int warmup;

  public FineTuningBenchmark(TransferConfig config, int steps, int rounds, int warmup) {
    this.config = config;
    this.steps = steps;
    this.rounds = rounds;
    this.warmup = warmup;
  }

  /** One way of fine-tuning that is timed. */
  private record Arm(String label, TransferMethod method, SkipConnection.Variant variant) {}

  private static final List<Arm> ARMS =
      List.of(
          new Arm("full", TransferMethod.FULL, SkipConnection.Variant.CONCAT),
          new Arm("layer", TransferMethod.LAYER, SkipConnection.Variant.CONCAT),
          new Arm("scl/concat", TransferMethod.SCL, SkipConnection.Variant.CONCAT),
          new Arm("scl/bypass", TransferMethod.SCL, SkipConnection.Variant.BYPASS));

  /** Per-round rates by arm (in {@link #ARMS} order), the parameters each trains, and a title. */
  public record Report(List<String> labels, double[][] rates, long[] trained, String title) {
    public double median(String label) {
      return Quantiles.median().compute(rates[labels.indexOf(label)]);
    }

    public String table() {
      StringBuilder table =
          new StringBuilder(title)
              .append(
                  String.format(
                      "%n  %-12s %10s %14s   rounds%n", "method", "trained", "median img/s"));
      for (int i = 0; i < labels.size(); i++) {
        table.append(
            String.format(
                "  %-12s %,10d %14.0f   %s%n",
                labels.get(i),
                trained[i],
                median(labels.get(i)),
                TrainerBenchmark.Report.fmt(rates[i])));
      }
      for (String label : List.of("scl/bypass", "scl/concat")) {
        table.append(
            String.format(
                "  speed of %s: %.3f x layer, %.3f x full (medians); per-round ratios' medians"
                    + " %.3f x layer, %.3f x full%n",
                label,
                median(label) / median("layer"),
                median(label) / median("full"),
                roundRatio(label, "layer"),
                roundRatio(label, "full")));
      }
      return table.toString();
    }

    /** The median over rounds of one arm's rate over another's in the same round. */
    public double roundRatio(String label, String against) {
      double[] of = rates[labels.indexOf(label)];
      double[] base = rates[labels.indexOf(against)];
      double[] ratios = new double[of.length];
      for (int r = 0; r < of.length; r++) {
        ratios[r] = of[r] / base[r];
      }
      return Quantiles.median().compute(ratios);
    }
  }

  public Report run(PrintStream progress) {
    Experiment experiment = Experiment.prepare(config.downstream());
    TrainerBenchmark.checkCounts(experiment, steps, rounds, warmup);
    int batch = experiment.settings().batchSize();
    Split train = experiment.dataset().split(Trainer.TRAIN_SPLIT);
    SourceRun source =
        SourceRun.open(
            config.sourceRun(),
            config.transfer().getString("checkpoint_name"),
            experiment.dataset());
    SessionSettings session = SessionSettings.of(experiment.config());
    List<TransferModel> models = new ArrayList<>();
    try {
      String block = null;
      for (Arm arm : ARMS) {
        TransferModel model =
            TransferModel.open(
                experiment.spec(),
                arm.method(),
                block == null ? "" : block,
                arm.variant(),
                source.checkpoint(),
                session);
        models.add(model);
        if (block == null) { // full fine-tuning comes first and names the blocks
          block =
              BlockChoice.resolve(
                  config.transfer().getString("block"),
                  model.model().eval().taps().stream().map(Tap::name).toList());
        }
      }
      List<Trainer> trainers = new ArrayList<>();
      for (TransferModel model : models) {
        Trainer trainer =
            new Trainer(
                model.model(),
                model.session(),
                experiment.dataset(),
                experiment.settings(),
                experiment.config().seed(),
                List.of(),
                Ticker.systemTicker());
        trainer.benchmarkEpoch(TrainerBenchmark.order(experiment, train, warmup, batch, 0));
        trainers.add(trainer);
      }
      double[][] rates = new double[ARMS.size()][rounds];
      for (int r = 0; r < rounds; r++) {
        int[] order = TrainerBenchmark.order(experiment, train, steps, batch, r + 1);
        StringBuilder line = new StringBuilder(String.format("round %d/%d:", r + 1, rounds));
        for (int k = 0; k < ARMS.size(); k++) {
          int arm = (k + r) % ARMS.size();
          Trainer trainer = trainers.get(arm);
          rates[arm][r] = TrainerBenchmark.rate(order, () -> trainer.benchmarkEpoch(order));
          line.append(String.format(" %s %.0f img/s", ARMS.get(arm).label(), rates[arm][r]));
        }
        progress.println(line);
      }
      long[] trained = models.stream().mapToLong(m -> m.model().trainedParameters()).toArray();
      String title =
          String.format(
              "bench fine-tuning %s from %s (%s): block %s, model %s, batch %d, %d steps x %d"
                  + " rounds (after %d warm-up steps)",
              experiment.config().name(),
              source.folder(),
              source.checkpoint().getFileName(),
              block,
              experiment.config().model().id(),
              batch,
              steps,
              rounds,
              warmup);
      return new Report(ARMS.stream().map(Arm::label).toList(), rates, trained, title);
    } finally {
      models.forEach(TransferModel::close);
    }
  }
}
