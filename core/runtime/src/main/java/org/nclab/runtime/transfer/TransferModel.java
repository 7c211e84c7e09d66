package org.nclab.runtime.transfer;

import java.nio.file.Path;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.graph.TrainingGraph;
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

  private TransferModel(Graph graph, Session session, TrainingGraph model) {
    this.graph = graph;
    this.session = session;
    this.model = model;
  }

  /**
   * @param downstream the downstream model (its class count, optimizer and seed)
   * @param block the block {@code layer} and {@code scl} train, e.g. {@code block2}
   * @param checkpoint the pre-trained checkpoint folder
   */
  public static TransferModel open(
      ModelSpec downstream, TransferMethod method, String block, SkipConnection.Variant variant, Path checkpoint) {
    ModelSpec spec =
        downstream.forTransfer(downstream.numClasses(), method.trainable(block), method.skip(block, variant));
    Graph graph = new Graph();
    Session session = null;
    try {
      TrainingGraph model = ModelAssembly.build(graph, spec);
      BackboneRestore restore = BackboneRestore.build(graph, model.variables());
      session = new Session(graph);
      session.run(model.initializer());
      restore.run(session, checkpoint);
      return new TransferModel(graph, session, model);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      graph.close();
      throw e;
    }
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
