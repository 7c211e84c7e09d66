package org.nclab.runtime.transfer;

import java.nio.file.Path;
import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.options.Options;
import org.nclab.api.probe.Probe;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.probe.ProbeSuite;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.run.RunInfo;
import org.nclab.runtime.run.RunInfoFile;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * Probes a trained run's frozen layers on downstream data, which may have other classes than the
 * run was trained on (MNIST digits for a Fashion-MNIST model, or another class split): the model is
 * rebuilt for the classes it was trained on, its checkpoint restored, and the downstream images run
 * through its evaluation pass. Nothing is trained, and the source classifier is not attached (its
 * classes are not the data's), so the probes see features and labels only.
 */
public final class DownstreamProbe {
  private DownstreamProbe() {}

  /**
   * @param datasetFile a TOML file whose {@code [dataset]} table is the downstream data; it must
   *     have the run's image shape
   * @param taps taps to measure; empty for every block and the features
   * @param maxPerClass class-balanced sample per class, 0 for all
   */
  public static List<ProbeSuite.Measurement> measure(
      Path runFolder,
      Path datasetFile,
      ExtensionCatalog catalog,
      Probe probe,
      Options options,
      List<String> splits,
      List<String> taps,
      int maxPerClass) {
    RunFolder folder = RunFolder.existing(runFolder);
    RunInfo.Data trained = new RunInfoFile(folder.runInfo()).read().data();
    Experiment downstream =
        Experiment.prepare(
            new ConfigLoader().load(folder.config(), List.of(), catalog, datasetFile));
    ModelSpec asTrained = asTrained(downstream.spec(), trained, folder, datasetFile);
    Checkpoints checkpoints = new Checkpoints(folder.path(), Integer.MAX_VALUE);
    try (Graph graph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, asTrained);
      try (Session session = Sessions.open(graph, SessionSettings.of(downstream.config()))) {
        checkpoints.restore(session, checkpoints.resolve(null));
        ProbeSuite suite =
            new ProbeSuite(
                session,
                model,
                downstream.dataset(),
                downstream.settings().evalBatchSize(),
                downstream.config().seed(),
                false);
        return suite.measure(probe, options, splits, taps, maxPerClass);
      }
    }
  }

  /** The downstream model spec with the class count the checkpoint's classifier was trained for. */
  private static ModelSpec asTrained(
      ModelSpec spec, RunInfo.Data trained, RunFolder folder, Path datasetFile) {
    if (trained.imageShape() == null
        || trained.classNames() == null
        || trained.classNames().isEmpty()) {
      throw UserException.of(
          "the run never started training (run.json has no image shape or classes)",
          folder.runInfo().toString(),
          "train it first with 'nclab train'");
    }
    if (!trained.imageShape().equals(spec.shape().toString())) {
      throw UserException.of(
          "the downstream images are "
              + spec.shape()
              + " but the run was trained on "
              + trained.imageShape(),
          datasetFile.toString(),
          "use downstream data of the run's image shape (resize it, or set height/width)");
    }
    return new ModelSpec(
        spec.shape(),
        trained.classNames().size(),
        spec.backbone(),
        spec.backboneOptions(),
        spec.head(),
        spec.augmentations(),
        spec.views(),
        spec.detachedClassifier(),
        spec.regularizers(),
        spec.optimizer(),
        spec.seed());
  }
}
