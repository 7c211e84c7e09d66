package org.nclab.runtime.transfer;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A pre-trained backbone ready for one transfer method: the model built for the downstream classes
 * with the method's trainable scopes (and skip connection), every variable initialised, then the
 * backbone's variables overwritten from the checkpoint. Closing it closes session and graph.
 */
public final class TransferModel implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final TrainingGraph model;
  private final VariableSetter setter;
  private final BatchNormMode batchNorm;
  private final MovingStatistics statistics;

  private TransferModel(
      Graph graph,
      Session session,
      TrainingGraph model,
      VariableSetter setter,
      BatchNormMode batchNorm,
      MovingStatistics statistics) {
    this.graph = graph;
    this.session = session;
    this.model = model;
    this.setter = setter;
    this.batchNorm = batchNorm;
    this.statistics = statistics;
  }

  /** A model whose batch norm trains as in pre-training ({@link BatchNormMode#TRAIN}). */
  public static TransferModel open(
      ModelSpec downstream,
      TransferMethod method,
      String block,
      SkipConnection.Variant variant,
      Path checkpoint,
      SessionSettings sessionSettings) {
    return open(
        downstream, method, block, variant, BatchNormMode.TRAIN, checkpoint, sessionSettings);
  }

  /**
   * @param downstream the downstream model (its class count, optimizer and seed)
   * @param block the block {@code layer} and {@code scl} train, e.g. {@code block2}
   * @param batchNorm what fine-tuning does with batch norm's moving statistics
   * @param checkpoint the pre-trained checkpoint folder
   * @param session the downstream config's device and thread settings
   */
  public static TransferModel open(
      ModelSpec downstream,
      TransferMethod method,
      String block,
      SkipConnection.Variant variant,
      BatchNormMode batchNorm,
      Path checkpoint,
      SessionSettings sessionSettings) {
    ModelSpec spec = batchNormSpec(downstream, method, block, variant, batchNorm);
    Graph graph = new Graph();
    Session session = null;
    try {
      TrainingGraph model = ModelAssembly.build(graph, spec);
      BackboneRestore restore = BackboneRestore.build(graph, model.variables());
      // Only the batch norms that normalised with batch statistics in training are recomputed:
      // a frozen block's statistics are what the trained layers after it were fitted to.
      MovingStatistics statistics =
          batchNorm == BatchNormMode.RECOMPUTE
              ? MovingStatistics.build(graph, model, spec.trainable()::trains)
              : null;
      Set<String> settable = new HashSet<>(STARTING_POINTS);
      if (statistics != null) {
        settable.addAll(statistics.variableNames());
      }
      VariableSetter setter = VariableSetter.build(graph, model.variables(), settable);
      session = Sessions.open(graph, sessionSettings);
      session.run(model.initializer());
      restore.run(session, checkpoint);
      return new TransferModel(graph, session, model, setter, batchNorm, statistics);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      graph.close();
      throw e;
    }
  }

  /**
   * The downstream model a method fine-tunes: its trainable scopes and skip connection. Its
   * evaluation pass, which an export builds, is the same in every batch-norm mode.
   */
  static ModelSpec spec(
      ModelSpec downstream, TransferMethod method, String block, SkipConnection.Variant variant) {
    return batchNormSpec(downstream, method, block, variant, BatchNormMode.TRAIN);
  }

  private static ModelSpec batchNormSpec(
      ModelSpec downstream,
      TransferMethod method,
      String block,
      SkipConnection.Variant variant,
      BatchNormMode batchNorm) {
    return downstream.forTransfer(
        downstream.numClasses(),
        batchNorm.apply(method.trainable(block)),
        method.skip(block, variant));
  }

  /** Variables a transfer may set before fine-tuning: the classifier, and the skip projection. */
  private static final Set<String> STARTING_POINTS =
      Set.of(
          ModelAssembly.CLASSIFIER + "/kernel",
          ModelAssembly.CLASSIFIER + "/bias",
          SkipConnection.SCOPE + "/kernel");

  /**
   * Starts the classifier from a linear probe fitted on the frozen features (LP-FT): the probe's
   * weights fill the rows that read the backbone's features, the rows of a concatenated skip
   * connection start at zero, and a skip projection starts at zero, so the model's first
   * predictions are exactly the probe's.
   */
  void startClassifierFrom(SoftmaxRegression.DenseWeights probe) {
    var kernel =
        model.variables().stream()
            .filter(v -> v.name().equals(ModelAssembly.CLASSIFIER + "/kernel"))
            .findFirst()
            .orElseThrow();
    int in = (int) kernel.shape().get(0);
    int out = (int) kernel.shape().get(1);
    if (out != probe.out() || in < probe.in()) {
      throw new IllegalStateException(
          "classifier "
              + kernel.shape()
              + " cannot start from a probe of "
              + probe.in()
              + " x "
              + probe.out());
    }
    float[] values = new float[in * out];
    System.arraycopy(probe.kernel(), 0, values, 0, probe.kernel().length); // features come first
    setter.set(session, ModelAssembly.CLASSIFIER + "/kernel", values);
    setter.set(session, ModelAssembly.CLASSIFIER + "/bias", probe.bias());
    if (setter.has(SkipConnection.SCOPE + "/kernel")) {
      setter.set(
          session,
          SkipConnection.SCOPE + "/kernel",
          new float[setter.size(SkipConnection.SCOPE + "/kernel")]);
    }
  }

  /** What fine-tuning does with batch norm's moving statistics. */
  BatchNormMode batchNorm() {
    return batchNorm;
  }

  /**
   * Recomputes the moving statistics of the batch norms that trained on {@code split} (mode {@code
   * recompute}); nothing in the other modes.
   *
   * @return each recomputed layer's new and old statistics, empty in the other modes
   */
  List<MovingStatistics.Recomputed> recomputeStatistics(
      Split split, ImageShape shape, int classes, int batchSize) {
    return statistics == null
        ? List.of()
        : statistics.recompute(session, setter, split, shape, classes, batchSize);
  }

  public Session session() {
    return session;
  }

  public TrainingGraph model() {
    return model;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
