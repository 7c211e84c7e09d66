package org.nclab.runtime.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * A trained model in inference mode only: raw input, normalisation in the graph, the evaluation
 * pass (batch norm on moving statistics, no augmentation) and nothing of training, restored from a
 * checkpoint. What {@code nclab export} saves and {@code nclab predict RUN} runs.
 */
public final class InferenceGraph implements AutoCloseable {
  public static final String SERVING = Signature.DEFAULT_KEY;
  public static final String FEATURES = "features";
  public static final String IMAGES = "images";
  public static final String LOGITS = "logits";
  public static final String PROBABILITIES = "probabilities";
  public static final String CLASS_IDS = "class_ids";

  private final Graph graph;
  private final Session session;
  private final Signature serving;
  private final Signature features;

  private InferenceGraph(Graph graph, Session session, Signature serving, Signature features) {
    this.graph = graph;
    this.session = session;
    this.serving = serving;
    this.features = features;
  }

  /** Builds the graph for {@code spec} and restores {@code checkpoint} into a new session. */
  public static InferenceGraph restore(
      ModelSpec spec,
      InputNormalization input,
      Path checkpoint,
      Checkpoints checkpoints,
      SessionSettings settings) {
    Graph graph = new Graph();
    Session session = null;
    try {
      Ops tf = Ops.create(graph);
      ImageShape shape = spec.shape();
      Shape batch = Shape.of(-1, shape.height(), shape.width(), shape.channels());
      Class<? extends TType> type = input.takesPixels() ? TUint8.class : TFloat32.class;
      Placeholder<? extends TType> raw =
          tf.withName(IMAGES).placeholder(type, Placeholder.shape(batch));
      Operand<TFloat32> normalized = input.apply(tf, raw, shape.channels());
      ForwardPass pass = ModelAssembly.buildInference(graph, spec, normalized);

      Ops out = tf.withSubScope("outputs");
      Operand<TFloat32> logits = out.withName(LOGITS).identity(pass.logits());
      Operand<TFloat32> probabilities = out.withName(PROBABILITIES).nn.softmax(pass.logits());
      Operand<TInt64> classIds =
          out.withName(CLASS_IDS).math.argMax(pass.logits(), out.constant(1));
      Signature serving =
          Signature.builder(SERVING)
              .input(IMAGES, raw)
              .output(PROBABILITIES, probabilities)
              .output(LOGITS, logits)
              .output(CLASS_IDS, classIds)
              .build();
      Signature.Builder features = Signature.builder(FEATURES).input(IMAGES, raw);
      Map<String, Operand<TFloat32>> taps = new LinkedHashMap<>(pass.probeTaps());
      for (Map.Entry<String, Operand<TFloat32>> tap : taps.entrySet()) {
        features.output(tap.getKey(), out.withName("tap_" + tap.getKey()).identity(tap.getValue()));
      }
      session = Sessions.open(graph, settings);
      checkpoints.restore(session, checkpoint);
      return new InferenceGraph(graph, session, serving, features.build());
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

  public Signature serving() {
    return serving;
  }

  public Signature features() {
    return features;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
