package org.nclab.runtime.run;

import java.nio.file.Path;
import java.util.List;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A trained run brought back: its resolved config loaded (with optional overrides, e.g. another
 * dataset path), its model rebuilt and a checkpoint restored into a session. What {@code eval} and
 * {@code probe} work on. Closing it closes the session and the graph.
 */
public final class RestoredRun implements AutoCloseable {
  private final Experiment experiment;
  private final Graph graph;
  private final Session session;
  private final TrainingGraph model;
  private final Path checkpoint;
  private final Checkpoints.Metadata metadata;

  private RestoredRun(
      Experiment experiment,
      Graph graph,
      Session session,
      TrainingGraph model,
      Path checkpoint,
      Checkpoints.Metadata metadata) {
    this.experiment = experiment;
    this.graph = graph;
    this.session = session;
    this.model = model;
    this.checkpoint = checkpoint;
    this.metadata = metadata;
  }

  /**
   * @param checkpointName a checkpoint folder name, or null for the latest
   * @param datasetFile a TOML file whose {@code [dataset]} table replaces the run's (other data,
   *     same image shape and class count), or null
   */
  public static RestoredRun open(
      Path runFolder,
      String checkpointName,
      List<String> overrides,
      Path datasetFile,
      ExtensionCatalog catalog) {
    RunFolder folder = RunFolder.existing(runFolder);
    Experiment experiment =
        Experiment.prepare(
            new ConfigLoader().load(folder.config(), overrides, catalog, datasetFile));
    requireSameShape(folder, experiment, datasetFile);
    Checkpoints checkpoints = new Checkpoints(folder.path(), Integer.MAX_VALUE);
    return restore(experiment, experiment.spec(), checkpoints, checkpoints.resolve(checkpointName));
  }

  /**
   * Builds {@code spec}'s training and evaluation graph and restores {@code checkpoint}: for models
   * whose spec is not the config's own (a transfer's fine-tuned model, with its skip connection).
   */
  public static RestoredRun restore(
      Experiment experiment, ModelSpec spec, Checkpoints checkpoints, Path checkpoint) {
    Graph graph = new Graph();
    Session session = null;
    try {
      TrainingGraph model = ModelAssembly.build(graph, spec);
      session = Sessions.open(graph, SessionSettings.of(experiment.config()));
      Checkpoints.Metadata metadata = checkpoints.restore(session, checkpoint);
      return new RestoredRun(experiment, graph, session, model, checkpoint, metadata);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      graph.close();
      throw e;
    }
  }

  /**
   * The model was trained for the run's image shape and class count; other data must match, or the
   * restore would fail with a confusing "different model" error.
   */
  private static void requireSameShape(RunFolder folder, Experiment experiment, Path datasetFile) {
    RunInfo trained = new RunInfoFile(folder.runInfo()).read();
    var data = experiment.dataset();
    RunInfo.Data trainedOn = trained.data();
    boolean shapeDiffers =
        trainedOn.imageShape() != null && !trainedOn.imageShape().equals(data.shape().toString());
    boolean classesDiffer =
        trainedOn.classNames() != null && trainedOn.classNames().size() != data.numClasses();
    if (shapeDiffers || classesDiffer) {
      throw UserException.of(
          "the data ("
              + data.shape()
              + ", "
              + data.numClasses()
              + " classes) does not fit the trained model ("
              + trainedOn.imageShape()
              + ", "
              + trainedOn.classNames().size()
              + " classes)",
          datasetFile != null ? datasetFile.toString() : folder.config().toString(),
          "measure it with data of the same image shape and class count (a class subset or"
              + " another dataset needs transfer, not a restore)");
    }
  }

  public Experiment experiment() {
    return experiment;
  }

  public Session session() {
    return session;
  }

  public TrainingGraph model() {
    return model;
  }

  /** The restored checkpoint's folder. */
  public Path checkpoint() {
    return checkpoint;
  }

  public Checkpoints.Metadata metadata() {
    return metadata;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
