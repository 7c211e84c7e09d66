package org.nclab.runtime.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.api.graph.Layers;
import org.nclab.api.model.BackboneOutput;
import org.nclab.api.train.LossTerm;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.nclab.api.model.Tap;

/**
 * Builds a {@link TrainingGraph} from a {@link ModelSpec}: backbone, linear classifier, the
 * regularizers' objective, gradients over the trainable variables only, and the optimizer.
 */
public final class ModelAssembly {
  /** Scope of the classifier head; transfer methods replace the variables under it. */
  public static final String CLASSIFIER = "classifier";

  public static final String BACKBONE = "backbone";

  private ModelAssembly() {}

  public static TrainingGraph build(Graph graph, ModelSpec spec) {
    VariableStore store = new VariableStore(graph, spec.seed());
    ScopedGraphContext.StateUpdates updates = new ScopedGraphContext.StateUpdates();
    Ops root = Ops.create(graph);

    ScopedGraphContext trainRoot =
        new ScopedGraphContext(store, updates, root.withSubScope("train"), "", true);
    ForwardPass train = forward(trainRoot, spec);
    ScopedGraphContext evalRoot =
        new ScopedGraphContext(store, updates, root.withSubScope("eval"), "", false);
    ForwardPass eval = forward(evalRoot, spec);

    Ops tf = trainRoot.tf();
    Map<String, Operand<TFloat32>> terms = new LinkedHashMap<>();
    Operand<TFloat32> objective = null;
    for (WeightedRegularizer use : spec.regularizers()) {
      TrainingLossContext ctx = new TrainingLossContext(trainRoot, use.scope(), train);
      for (LossTerm term : use.regularizer().terms(use.options(), ctx)) {
        requireScalar(term, use);
        terms.put(uniqueName(terms, "loss/" + term.name()), term.value());
        Operand<TFloat32> weighted = tf.math.mul(term.value(), tf.constant((float) use.weight()));
        objective = objective == null ? weighted : tf.math.add(objective, weighted);
      }
    }
    if (objective == null) {
      throw new UserException(
          "the objective is empty (no [[regularizer]] contributed a loss term); "
              + "add one, e.g. [[regularizer]] id = \"cross-entropy\"");
    }

    Placeholder<TFloat32> learningRate =
        root.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    List<ModelVariable> trainable = store.all().stream().filter(ModelVariable::trainable).toList();
    List<Operand<TFloat32>> gradients = gradients(graph, objective, trainable);
    // Every update waits for every gradient. Variables are read through identity ops that alias
    // their buffers, and Assign overwrites a buffer in place: without this barrier, layer L's
    // update could overwrite W_L while the backward pass still reads it to reach layer L-1
    // (seen here as identical seeded runs drifting apart after a few steps).
    Ops optimizerOps =
        root.withSubScope("optimizer")
            .withControlDependencyOps(gradients.stream().map(g -> g.op()).toList());
    Op applyGradients =
        spec.optimizer().apply(optimizerOps, store, trainable, gradients, learningRate);
    List<Op> stepOps = new ArrayList<>(updates.ops());
    stepOps.add(applyGradients);
    Op trainStep = root.withControlDependencies(stepOps).withName("train_step").noOp();

    // The initializer comes last: the optimizer created its slot variables above.
    return new TrainingGraph(
        graph, train, eval, learningRate, objective, terms, trainStep, store.initializer(), store.all());
  }

  private static ForwardPass forward(ScopedGraphContext root, ModelSpec spec) {
    Ops tf = root.tf();
    var shape = spec.shape();
    Placeholder<TFloat32> images =
        tf.withName("images")
            .placeholder(
                TFloat32.class,
                Placeholder.shape(Shape.of(-1, shape.height(), shape.width(), shape.channels())));
    Placeholder<TFloat32> labels =
        tf.withName("labels")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.numClasses())));
    BackboneOutput backbone =
        spec.backbone().build(spec.backboneOptions(), root.scope(BACKBONE), images, shape);
    Operand<TFloat32> logits =
        Layers.dense(root, CLASSIFIER, backbone.features(), spec.numClasses(), true);
    Operand<TFloat32> meanLoss =
        tf.math.mean(
            tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
    Operand<TInt64> predicted = tf.math.argMax(logits, tf.constant(1));
    Operand<TInt64> truth = tf.math.argMax(labels, tf.constant(1));
    Operand<TFloat32> correct =
        tf.sum(tf.dtypes.cast(tf.math.equal(predicted, truth), TFloat32.class), tf.constant(0));
    return new ForwardPass(
        images,
        labels,
        backbone.features(),
        backbone.taps(),
        logits,
        meanLoss,
        correct,
        tf.dtypes.cast(predicted, TInt32.class),
        probeTaps(tf, backbone),
        spec.numClasses());
  }

  /**
   * One vector per example for every tap: feature maps are averaged over height and width, and
   * gradients are stopped so that measuring can never shape the representation.
   */
  private static Map<String, Operand<TFloat32>> probeTaps(Ops tf, BackboneOutput backbone) {
    Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
    for (Tap tap : backbone.taps()) {
      Operand<TFloat32> x = tap.output();
      if (x.shape().numDimensions() == 4) {
        x = tf.math.mean(x, tf.constant(new int[] {1, 2}));
      }
      out.put(tap.name(), tf.stopGradient(x));
    }
    out.put(ForwardPass.FEATURES, tf.stopGradient(backbone.features()));
    return out;
  }

  /** Symbolic gradients of {@code y} with respect to each variable's read value. */
  static List<Operand<TFloat32>> gradients(
      Graph graph, Operand<TFloat32> y, List<ModelVariable> variables) {
    Output<?>[] xs = variables.stream().map(v -> v.read().asOutput()).toArray(Output<?>[]::new);
    Output<?>[] dys = graph.addGradients("gradients", new Output<?>[] {y.asOutput()}, xs, null);
    List<Operand<TFloat32>> out = new ArrayList<>(dys.length);
    for (int i = 0; i < dys.length; i++) {
      if (dys[i] == null) {
        throw new IllegalStateException(
            "trainable variable '" + variables.get(i).name() + "' does not affect the objective");
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gradient = (Operand<TFloat32>) dys[i];
      out.add(gradient);
    }
    return out;
  }

  private static void requireScalar(LossTerm term, WeightedRegularizer use) {
    if (term.value().shape().numDimensions() != 0) {
      throw new IllegalStateException(
          "regularizer '" + use.regularizer().id() + "' returned term '" + term.name()
              + "' of shape " + term.value().shape() + "; loss terms must be scalars");
    }
  }

  private static String uniqueName(Map<String, ?> taken, String name) {
    String candidate = name;
    for (int i = 2; taken.containsKey(candidate); i++) {
      candidate = name + "_" + i;
    }
    return candidate;
  }
}
