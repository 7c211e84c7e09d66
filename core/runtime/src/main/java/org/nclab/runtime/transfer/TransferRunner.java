package org.nclab.runtime.transfer;

import com.google.common.base.Stopwatch;
import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.model.Tap;
import org.nclab.runtime.config.TransferConfig;
import org.nclab.runtime.data.DatasetSubsets;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.train.ConsoleReporter;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainingListener;

/**
 * Runs a transfer config: opens the downstream data, extracts the frozen backbone's features once,
 * and runs every method for every training-set size the config names, each from the same
 * checkpoint. Prints a line per result and returns them all.
 */
public final class TransferRunner {
  private final CollapseMeter collapse;
  private final PrintStream out;
  private final boolean interactive;
  private final Path saveTo;

  public TransferRunner(CollapseMeter collapse, PrintStream out, boolean interactive) {
    this(collapse, out, interactive, null);
  }

  /**
   * @param saveTo the folder transfer.json goes to: each fine-tuned model is saved under it as
   *     {@code scl/}, {@code scl-10shot/} (see {@link TransferCheckpoint}); null saves none
   */
  public TransferRunner(CollapseMeter collapse, PrintStream out, boolean interactive, Path saveTo) {
    this.collapse = collapse;
    this.out = out;
    this.interactive = interactive;
    this.saveTo = saveTo;
  }

  public TransferReport run(TransferConfig config) {
    var transfer = config.transfer();
    if (config.methods().isEmpty() || config.shots().isEmpty()) {
      throw new UserException(
          "transfer.methods and transfer.shots must each name at least one value, e.g. methods ="
              + " [\"linear-probe\"], shots = [0]");
    }
    Experiment experiment = Experiment.prepare(config.downstream());
    Dataset data = experiment.dataset();
    SourceRun source =
        SourceRun.open(config.sourceRun(), transfer.getString("checkpoint_name"), data);
    long seed = config.downstream().seed();
    SkipConnection.Variant variant = SkipConnection.Variant.of(transfer.getString("scl_variant"));
    boolean startFromProbe = transfer.getString("classifier_init").equals("probe");
    if (startFromProbe
        && variant == SkipConnection.Variant.BYPASS
        && config.methods().contains(TransferMethod.SCL.id())) {
      // The probe is fitted on the backbone's features; a bypass classifier reads the block's.
      throw new UserException(
          "transfer.classifier_init = \"probe\" cannot start scl's bypass classifier: the probe"
              + " reads the backbone's features, the bypass classifier the block's; use"
              + " classifier_init = \"random\" with scl_variant = \"bypass\", or another variant");
    }
    LinearProbe.Settings probeSettings =
        new LinearProbe.Settings(
            transfer.getDouble("probe_l2"),
            transfer.getInt("probe_max_iterations"),
            transfer.getDouble("probe_tolerance"));
    out.printf(
        "transfer from %s (%s, trained on %s) to %s: %d train / %d test, %d classes%n",
        source.folder(),
        source.checkpoint().getFileName(),
        source.info().data().dataset(),
        data.name(),
        data.split(Trainer.TRAIN_SPLIT).size(),
        data.split(Trainer.TEST_SPLIT).size(),
        data.numClasses());

    // The frozen backbone's features, once per dataset: every linear probe (any shot count) and
    // the block list come from this one model.
    Stopwatch extraction = Stopwatch.createStarted();
    FrozenFeatures frozen;
    List<String> blocks;
    try (TransferModel model =
        TransferModel.open(
            experiment.spec(),
            TransferMethod.LINEAR_PROBE,
            "",
            variant,
            source.checkpoint(),
            SessionSettings.of(experiment.config()))) {
      blocks =
          BlockChoice.resolveAll(
              transfer.getString("block"),
              model.model().eval().taps().stream().map(Tap::name).toList());
      frozen = FrozenFeatures.extract(model, data, experiment.settings().evalBatchSize());
    }
    double extractionSeconds = seconds(extraction);
    // Only layer and scl fine-tune one block; a linear probe or full fine-tuning has none to name.
    boolean blockMethod =
        config.methods().stream()
            .map(TransferMethod::of)
            .anyMatch(m -> m == TransferMethod.LAYER || m == TransferMethod.SCL);
    out.printf(
        "frozen features extracted once: %d train + %d test vectors of %d in %.1f s%s%n",
        frozen.train().size(),
        frozen.test().size(),
        frozen.train().dim(),
        extractionSeconds,
        !blockMethod
            ? ""
            : blocks.size() == 1
                ? "; fine-tuned block: " + blocks.get(0)
                : "; fine-tuned blocks, each in turn: " + String.join(", ", blocks));
    boolean sweep = BlockChoice.sweeps(transfer.getString("block"));

    List<TransferResult> results = new ArrayList<>();
    int draws = transfer.getInt("draws");
    for (int shots : config.shots()) {
      // The whole training split is one draw; a few-shot sample is drawn `draws` times.
      for (int draw = 1; draw <= (shots == 0 ? 1 : draws); draw++) {
        Integer drawLabel = shots == 0 || draws == 1 ? null : draw;
        results.addAll(
            transferAll(
                config,
                experiment,
                data,
                frozen,
                source,
                blocks,
                sweep,
                variant,
                probeSettings,
                extractionSeconds,
                shots,
                drawLabel,
                drawSeed(seed, draw)));
      }
    }
    return new TransferReport(
        source.folder().toString(),
        source.checkpoint().getFileName().toString(),
        source.info().data().dataset(),
        new TransferReport.Downstream(
            data.name(),
            data.numClasses(),
            data.split(Trainer.TRAIN_SPLIT).size(),
            data.split(Trainer.TEST_SPLIT).size()),
        sweep ? BlockChoice.SWEEP : blocks.get(0),
        extractionSeconds,
        transfer.asMap(),
        results);
  }

  /**
   * The seed of draw {@code draw} (1-based): the config's seed for the first, so that one draw is
   * what a transfer without draws does; a fixed odd-constant mix of it for the others. It picks the
   * few-shot sample and seeds the fine-tuning (classifier start, batch order).
   */
  static long drawSeed(long seed, int draw) {
    return seed ^ (0x9E3779B97F4A7C15L * (draw - 1));
  }

  /** Every method of the config on one training set: all of it, or one few-shot draw. */
  private List<TransferResult> transferAll(
      TransferConfig config,
      Experiment experiment,
      Dataset data,
      FrozenFeatures frozen,
      SourceRun source,
      List<String> blocks,
      boolean sweep,
      SkipConnection.Variant variant,
      LinearProbe.Settings probeSettings,
      double extractionSeconds,
      int shots,
      Integer draw,
      long seed) {
    var transfer = config.transfer();
    boolean startFromProbe = transfer.getString("classifier_init").equals("probe");
    BatchNormMode batchNorm = BatchNormMode.of(transfer.getString("batch_norm"));
    List<TransferResult> results = new ArrayList<>();
    Dataset shotData = shots == 0 ? data : DatasetSubsets.fewShot(data, shots, seed);
    FeatureMatrix probeTrain =
        shots == 0
            ? frozen.train()
            : frozen.train().rows(DatasetSubsets.fewShotIndices(data, shots, seed));
    // One probe per training set: the linear-probe result and, with classifier_init = "probe",
    // every fine-tuning's starting classifier.
    Supplier<TimedProbe> probe =
        Suppliers.memoize(() -> TimedProbe.fit(probeTrain, data.numClasses(), probeSettings));
    for (String id : config.methods()) {
      TransferMethod method = TransferMethod.of(id);
      // layer and scl once per block of a sweep; the other methods have no block to vary.
      boolean perBlock = method == TransferMethod.LAYER || method == TransferMethod.SCL;
      for (String block : perBlock ? blocks : blocks.subList(0, 1)) {
        TransferResult result =
            method == TransferMethod.LINEAR_PROBE
                ? linearProbe(
                    frozen,
                    probeTrain,
                    shots,
                    draw,
                    probe.get(),
                    data.numClasses(),
                    extractionSeconds)
                : fineTune(
                    method,
                    experiment,
                    shotData,
                    shots,
                    draw,
                    seed,
                    new Tuned(block, variant, sweep && perBlock),
                    source,
                    transfer.getInt("few_shot_epochs"),
                    startFromProbe ? probe.get() : null,
                    batchNorm);
        results.add(result);
        out.printf(
            "%s%s%s: test accuracy %.4f (%.1f s)%n",
            id,
            sweep && perBlock ? " " + block : "",
            shotsLabel(shots, draw),
            result.testAccuracy(),
            result.seconds());
      }
    }
    return results;
  }

  /** {@code " (10 per class)"}, {@code " (10 per class, draw 2)"}, or nothing for all the data. */
  private static String shotsLabel(int shots, Integer draw) {
    return shots == 0
        ? ""
        : " (" + shots + " per class" + (draw == null ? ")" : ", draw " + draw + ")");
  }

  /**
   * The block a fine-tuning trains, scl's variant, and whether it is one of a sweep's (its model
   * then goes to a folder named by the block too: {@code scl-block2}).
   */
  private record Tuned(String block, SkipConnection.Variant variant, boolean ofSweep) {}

  /** A fitted probe and the seconds its fit took. */
  private record TimedProbe(SoftmaxRegression probe, double seconds) {
    static TimedProbe fit(FeatureMatrix train, int classes, LinearProbe.Settings settings) {
      Stopwatch time = Stopwatch.createStarted();
      SoftmaxRegression probe = LinearProbe.solve(train, classes, settings);
      return new TimedProbe(probe, TransferRunner.seconds(time));
    }
  }

  private TransferResult linearProbe(
      FrozenFeatures frozen,
      FeatureMatrix train,
      int shots,
      Integer draw,
      TimedProbe probe,
      int classes,
      double extractionSeconds) {
    Stopwatch time = Stopwatch.createStarted();
    LinearProbe.Outcome fit = LinearProbe.evaluate(probe.probe(), train, frozen.test());
    Double nc1Train = collapse.nc1(train, "downstream-train", ForwardPass.FEATURES, classes);
    Double nc1Test = collapse.nc1(frozen.test(), "downstream-test", ForwardPass.FEATURES, classes);
    long trained = (long) frozen.train().dim() * classes + classes;
    return TransferResult.of(TransferMethod.LINEAR_PROBE.id())
        .shots(shots == 0 ? null : shots)
        .draw(draw)
        .parameters(trained, frozen.totalParameters(), (double) trained / frozen.totalParameters())
        .accuracy(train.size(), fit.trainAccuracy(), fit.testAccuracy())
        .finalLoss(fit.solver().value())
        .nc1(nc1Train, nc1Test)
        .solver(fit.solver().iterations(), fit.solver().converged())
        .seconds(extractionSeconds + probe.seconds() + seconds(time))
        .build();
  }

  private TransferResult fineTune(
      TransferMethod method,
      Experiment experiment,
      Dataset data,
      int shots,
      Integer draw,
      long seed,
      Tuned tuned,
      SourceRun source,
      int fewShotEpochs,
      TimedProbe startingProbe,
      BatchNormMode batchNorm) {
    Stopwatch time = Stopwatch.createStarted();
    String block = tuned.block();
    SkipConnection.Variant variant = tuned.variant();
    TrainSettings settings = experiment.settings();
    int trainSize = data.split(Trainer.TRAIN_SPLIT).size();
    if (shots > 0) {
      settings = settings.withLength(fewShotEpochs, Math.min(settings.batchSize(), trainSize));
    }
    // Few-shot epochs are a handful of steps each: one summary line per method is enough then.
    List<TrainingListener> listeners =
        shots == 0 ? List.of(new ConsoleReporter(out, interactive)) : List.of();
    try (TransferModel model =
        TransferModel.open(
            experiment.spec(),
            method,
            block,
            variant,
            batchNorm,
            source.checkpoint(),
            SessionSettings.of(experiment.config()))) {
      var graph = model.model();
      if (startingProbe != null) {
        model.startClassifierFrom(startingProbe.probe().asDenseLayer());
      }
      long computing = graph.modelParameters();
      out.printf(
          "%s%s: training %,d of %,d parameters%s for %d epochs%s%s%n",
          method.id(),
          shotsLabel(shots, draw),
          graph.trainedParameters(),
          graph.trainableParameters(),
          computing == graph.trainableParameters()
              ? ""
              : String.format(" (the model computes with %,d: later blocks bypassed)", computing),
          settings.epochs(),
          startingProbe == null ? "" : ", classifier started from the linear probe",
          batchNorm == BatchNormMode.FROZEN ? ", batch-norm statistics frozen" : "");
      FineTuning.Outcome fit = FineTuning.fit(model, data, settings, seed, listeners);
      if (batchNorm == BatchNormMode.RECOMPUTE) {
        out.println(recomputedLine(fit.recomputed(), trainSize));
      }
      String tap = graph.eval().classifierTap();
      int batch = settings.evalBatchSize();
      FeatureMatrix train =
          FeatureExtraction.extract(
              model.session(),
              graph.eval(),
              tap,
              data.split(Trainer.TRAIN_SPLIT),
              data.shape(),
              batch);
      FeatureMatrix test =
          FeatureExtraction.extract(
              model.session(),
              graph.eval(),
              tap,
              data.split(Trainer.TEST_SPLIT),
              data.shape(),
              batch);
      Double nc1Train = collapse.nc1(train, "downstream-train", tap, data.numClasses());
      Double nc1Test = collapse.nc1(test, "downstream-test", tap, data.numClasses());
      // The method's time is the training and measuring; saving the model is not part of it.
      double elapsed = seconds(time) + (startingProbe == null ? 0 : startingProbe.seconds());
      String checkpoint = null;
      if (saveTo != null) {
        Integer shotsPerClass = shots == 0 ? null : shots;
        String folder =
            TransferCheckpoint.folderName(
                tuned.ofSweep() ? method.id() + "-" + block : method.id(), shotsPerClass, draw);
        TransferCheckpoint saved =
            new TransferCheckpoint(
                method.id(),
                shotsPerClass,
                method == TransferMethod.FULL ? null : block,
                method == TransferMethod.SCL ? variant.id() : null,
                data.numClasses(),
                source.folder().toString(),
                source.checkpoint().getFileName().toString(),
                fit.testAccuracy(),
                batchNorm.id());
        Path written =
            saved.save(saveTo.resolve(folder), model, experiment.config(), settings.epochs());
        checkpoint = saveTo.relativize(written).toString();
      }
      return TransferResult.of(method.id())
          .shots(shots == 0 ? null : shots)
          .draw(draw)
          .layer(
              method == TransferMethod.FULL ? null : block,
              method == TransferMethod.SCL ? variant.id() : null)
          .parameters(
              graph.trainedParameters(),
              graph.trainableParameters(),
              (double) graph.trainedParameters() / graph.trainableParameters())
          .accuracy(trainSize, fit.trainAccuracy(), fit.testAccuracy())
          .finalLoss(fit.finalLoss())
          .nc1(nc1Train, nc1Test)
          .epochs(settings.epochs())
          .seconds(elapsed)
          .checkpoint(checkpoint)
          .batchNorm(batchNorm.id())
          .build();
    }
  }

  /**
   * What recomputing changed: how far the moving averages were from the statistics of the
   * fine-tuned weights on the training data, the cause of a train accuracy far below the loss's.
   */
  static String recomputedLine(List<MovingStatistics.Recomputed> layers, int examples) {
    double shift =
        layers.stream().mapToDouble(MovingStatistics.Recomputed::meanShift).max().orElse(0);
    double factor =
        layers.stream().mapToDouble(MovingStatistics.Recomputed::varianceFactor).max().orElse(1);
    return String.format(
        Locale.ROOT,
        "  batch norm: %d moving statistics recomputed on %,d training examples; the moving"
            + " averages were off by up to %.3f standard deviations (mean) and a factor %.3f"
            + " (variance)",
        layers.size(),
        examples,
        shift,
        factor);
  }

  private static double seconds(Stopwatch stopwatch) {
    return stopwatch.elapsed(TimeUnit.NANOSECONDS) / 1e9;
  }
}
