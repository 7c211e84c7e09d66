package org.nclab.runtime.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nclab.api.UserException;
import org.nclab.api.graph.Layers;
import org.nclab.api.model.BackboneOutput;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossTerm;
import org.nclab.runtime.optim.UpdateGuard;
import org.nclab.runtime.plugins.PluginFault;
import org.nclab.runtime.variables.ModelVariable;
import org.nclab.runtime.variables.VariableStore;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds a {@link TrainingGraph} from a {@link ModelSpec}: backbone, linear classifier, the
 * regularizers' objective, gradients over the trainable variables only, and the optimizer.
 */
public final class ModelAssembly {
  /** Scope of the classifier head; transfer methods replace the variables under it. */
  public static final String CLASSIFIER = "classifier";

  public static final String BACKBONE = "backbone";

  /** Scope of the projection head between backbone and classifier; dropped for transfer. */
  public static final String HEAD = "head";

  private ModelAssembly() {}

  public static TrainingGraph build(Graph graph, ModelSpec spec) {
    VariableStore store = new VariableStore(graph, spec.seed());
    ScopedGraphContext.StateUpdates updates = new ScopedGraphContext.StateUpdates();
    Ops root = Ops.create(graph);

    Placeholder<TInt64> step =
        root.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    ScopedGraphContext trainRoot =
        new ScopedGraphContext(
            store, updates, root.withSubScope("train"), "", true, spec.trainable());
    // Several replicas: towers on their devices, each loss term averaged over them (Towers).
    Towers towers = spec.replication().replicas() > 1 ? Towers.build(trainRoot, spec, step) : null;
    ForwardPass train = towers != null ? towers.pass() : forward(trainRoot, spec, step);
    ScopedGraphContext evalRoot =
        new ScopedGraphContext(store, updates, root.withSubScope("eval"), "", false);
    ForwardPass eval = forward(evalRoot, spec, step);

    Ops tf = trainRoot.tf();
    Map<String, Operand<TFloat32>> terms =
        new LinkedHashMap<>(towers != null ? towers.terms() : Map.of());
    Operand<TFloat32> objective = towers != null ? towers.objective() : null;
    for (WeightedRegularizer use :
        towers != null ? List.<WeightedRegularizer>of() : spec.regularizers()) {
      TrainingLossContext ctx = new TrainingLossContext(trainRoot, use.scope(), train);
      for (LossTerm term : termsOf(use, ctx)) {
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
        root.withName("learning_rate")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    // addGradients throws for a variable the objective cannot reach at all, so only variables
    // upstream of the objective are asked for; one reached only through a stop-gradient comes
    // back as a handle-less output and is treated alike.
    Set<GraphOperation> upstream = graph.subgraphTo(Set.of(objective));
    List<ModelVariable> candidates = new ArrayList<>();
    List<String> unreached = new ArrayList<>();
    for (ModelVariable variable : store.all()) {
      // Frozen variables are never differentiated: no gradient, no update, no wasted backward pass.
      if (variable.trainable() && spec.trainable().trains(variable.name())) {
        if (upstream.contains((GraphOperation) variable.read().op())) {
          candidates.add(variable);
        } else {
          unreached.add(variable.name());
        }
      }
    }
    // Several towers: each tower's backward pass on its own device, the gradients summed after.
    Output<?>[] allGradients =
        towers != null
            ? TowerGradients.summed(
                graph,
                root.withSubScope("tower_gradients"),
                towers.towerObjectives(),
                towers.devices(),
                candidates.stream().<Output<?>>map(v -> v.read().asOutput()).toList())
            : symbolicGradients(graph, objective, candidates);
    // A trainable variable the objective does not reach (a head that only a detached classifier
    // reads, a backbone under a detached classifier with no other loss) has no gradient: it stays
    // as initialised, and the run says so instead of failing.
    List<ModelVariable> trainable = new ArrayList<>();
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (allGradients[i] == null || allGradients[i].isClosed()) {
        unreached.add(candidates.get(i).name());
      } else {
        trainable.add(candidates.get(i));
        @SuppressWarnings("unchecked")
        Operand<TFloat32> gradient = (Operand<TFloat32>) allGradients[i];
        gradients.add(gradient);
      }
    }
    // Every update waits for every gradient. Variables are read through identity ops that alias
    // their buffers, and Assign overwrites a buffer in place: without this barrier, layer L's
    // update could overwrite W_L while the backward pass still reads it to reach layer L-1
    // (seen here as identical seeded runs drifting apart after a few steps).
    Ops optimizerOps =
        root.withSubScope("optimizer")
            .withControlDependencyOps(gradients.stream().map(g -> g.op()).toList());
    // A step whose loss or gradients are not finite changes nothing: every assignment of the
    // step (weights, slots, batch-norm statistics) keeps the current value then.
    Operand<TBool> stepFinite = allFinite(optimizerOps, objective, gradients);
    UpdateGuard guard = (proposed, current) -> optimizerOps.select(stepFinite, proposed, current);
    Op applyGradients =
        spec.optimizer().apply(optimizerOps, store, trainable, gradients, learningRate, guard);
    List<Op> stepOps = new ArrayList<>(updates.assign(optimizerOps, guard));
    stepOps.add(applyGradients);
    Op trainStep = root.withControlDependencies(stepOps).withName("train_step").noOp();

    // The initializer comes last: the optimizer created its slot variables above.
    return new TrainingGraph(
        graph,
        train,
        eval,
        learningRate,
        step,
        objective,
        terms,
        trainStep,
        stepFinite,
        store.initializer(),
        store.all(),
        trainable,
        unreached);
  }

  /**
   * The evaluation pass alone (no objective, optimizer or training pass), its backbone reading
   * {@code input} instead of its images placeholder: an export feeds raw pixels normalised in the
   * graph. Variable names are the training graph's, so a checkpoint restores into it.
   */
  public static ForwardPass buildInference(Graph graph, ModelSpec spec, Operand<TFloat32> input) {
    VariableStore store = new VariableStore(graph, spec.seed());
    ScopedGraphContext evalRoot =
        new ScopedGraphContext(
            store,
            new ScopedGraphContext.StateUpdates(),
            Ops.create(graph).withSubScope("eval"),
            "",
            false);
    return forward(evalRoot, spec, null, input);
  }

  private static ForwardPass forward(
      ScopedGraphContext root, ModelSpec spec, Operand<TInt64> step) {
    return forward(root, spec, step, null);
  }

  private static ForwardPass forward(
      ScopedGraphContext root,
      ModelSpec spec,
      Operand<TInt64> step,
      Operand<TFloat32> inputOverride) {
    Ops tf = root.tf();
    Placeholder<TFloat32> images = imagesPlaceholder(tf, spec);
    Placeholder<TFloat32> labels = labelsPlaceholder(tf, spec);
    return forwardOn(
        root,
        spec,
        step,
        images,
        labels,
        inputOverride != null ? inputOverride : images,
        labels,
        0);
  }

  /** The fed images, [N, H, W, C], named {@code images} in {@code tf}'s scope. */
  static Placeholder<TFloat32> imagesPlaceholder(Ops tf, ModelSpec spec) {
    var shape = spec.shape();
    return tf.withName("images")
        .placeholder(
            TFloat32.class,
            Placeholder.shape(Shape.of(-1, shape.height(), shape.width(), shape.channels())));
  }

  /** The fed one-hot labels, [N, K], named {@code labels} in {@code tf}'s scope. */
  static Placeholder<TFloat32> labelsPlaceholder(Ops tf, ModelSpec spec) {
    return tf.withName("labels")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.numClasses())));
  }

  /**
   * One pass of the model on {@code imagesIn} and {@code labelsIn}: the whole fed batch, or one
   * tower's share of it ({@code tower} then also keeps the towers' augmentation draws apart).
   */
  static ForwardPass forwardOn(
      ScopedGraphContext root,
      ModelSpec spec,
      Operand<TInt64> step,
      Placeholder<TFloat32> images,
      Placeholder<TFloat32> labels,
      Operand<TFloat32> imagesIn,
      Operand<TFloat32> labelsIn,
      int tower) {
    Ops tf = root.tf();
    var shape = spec.shape();
    // Augmentation and extra views exist only in the training pass.
    Operand<TFloat32> input = imagesIn;
    Operand<TFloat32> targets = labelsIn;
    int views = root.training() ? spec.views() : 1;
    if (root.training() && (views > 1 || !spec.augmentations().isEmpty())) {
      List<Operand<TFloat32>> augmented = new ArrayList<>();
      for (int v = 0; v < views; v++) {
        augmented.add(
            AugmentationPipeline.apply(
                tf.withSubScope("augment_view" + v),
                spec.augmentations(),
                shape,
                imagesIn,
                v + tower * views,
                step,
                spec.seed()));
      }
      input = views == 1 ? augmented.get(0) : tf.concat(augmented, tf.constant(0));
      targets =
          views == 1 ? labelsIn : tf.concat(Collections.nCopies(views, labelsIn), tf.constant(0));
    }

    BackboneOutput backbone =
        spec.backbone().build(spec.backboneOptions(), root.scope(BACKBONE), input, shape);
    boolean bypass = spec.skip() != null && spec.skip().bypasses();
    if (bypass) {
      // The model ends at the skip's block: later blocks are built (their variables restore and
      // save as before) but nothing below reads them, so no fetch ever runs them.
      backbone = spec.skip().truncate(tf, backbone);
    }
    Map<String, Operand<TFloat32>> probeTaps = probeTaps(tf, backbone);
    Operand<TFloat32> classifierInput = backbone.features();
    if (spec.skip() != null && !bypass) {
      classifierInput = spec.skip().apply(root, backbone);
      probeTaps.put(ForwardPass.SKIP, tf.stopGradient(classifierInput));
    }
    if (spec.head() != null) {
      classifierInput = spec.head().build(root.scope(HEAD), backbone.features());
      probeTaps.put(ForwardPass.HEAD, tf.stopGradient(classifierInput));
    }
    if (spec.detachedClassifier()) {
      classifierInput = tf.stopGradient(classifierInput);
    }
    Operand<TFloat32> logits =
        Layers.dense(root, CLASSIFIER, classifierInput, spec.numClasses(), true);
    Operand<TFloat32> meanLoss =
        tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss(), tf.constant(0));
    Operand<TInt64> predicted = tf.math.argMax(logits, tf.constant(1));
    Operand<TInt64> truth = tf.math.argMax(targets, tf.constant(1));
    Operand<TFloat32> correct =
        tf.sum(tf.dtypes.cast(tf.math.equal(predicted, truth), TFloat32.class), tf.constant(0));
    return new ForwardPass(
        images,
        labels,
        targets,
        input,
        views,
        backbone.features(),
        backbone.taps(),
        logits,
        meanLoss,
        correct,
        tf.dtypes.cast(predicted, TInt32.class),
        probeTaps,
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

  /** True when the objective and every element of every gradient are finite. */
  private static Operand<TBool> allFinite(
      Ops tf, Operand<TFloat32> objective, List<Operand<TFloat32>> gradients) {
    Operand<TBool> finite = tf.math.isFinite(objective);
    for (Operand<TFloat32> gradient : gradients) {
      int rank = gradient.shape().numDimensions();
      int[] axes = new int[Math.max(rank, 0)];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
      Operand<TBool> elementsFinite = tf.math.isFinite(gradient);
      Operand<TBool> all =
          rank == 0 ? elementsFinite : tf.reduceAll(elementsFinite, tf.constant(axes));
      finite = tf.math.logicalAnd(finite, all);
    }
    return finite;
  }

  /**
   * Symbolic gradients of {@code y} with respect to each variable's read value (null-handled when
   * unreached).
   */
  static Output<?>[] symbolicGradients(
      Graph graph, Operand<TFloat32> y, List<ModelVariable> variables) {
    Output<?>[] xs = variables.stream().map(v -> v.read().asOutput()).toArray(Output<?>[]::new);
    return graph.addGradients("gradients", new Output<?>[] {y.asOutput()}, xs, null);
  }

  /**
   * The regularizer's terms, each a named float32 scalar; anything else the plugin returns or
   * throws is a {@link PluginFault} naming its table.
   */
  static List<LossTerm> termsOf(WeightedRegularizer use, TrainingLossContext ctx) {
    List<LossTerm> terms;
    try {
      terms = use.regularizer().terms(use.options(), ctx);
    } catch (UserException e) {
      throw e; // the plugin's own message to the user
    } catch (RuntimeException | LinkageError e) {
      throw PluginFault.of(use.table(), use.regularizer(), "terms() threw " + e, e);
    }
    if (terms == null) {
      throw PluginFault.of(use.table(), use.regularizer(), "terms() returned null", null);
    }
    for (LossTerm term : terms) {
      String problem =
          term == null
              ? "terms() returned a null term"
              : term.name() == null || term.name().isBlank()
                  ? "a term has no name"
                  : term.value() == null
                      ? "term '" + term.name() + "' has a null value"
                      : term.value().asOutput().type() != TFloat32.class
                          ? "term '"
                              + term.name()
                              + "' is a "
                              + term.value().asOutput().dataType()
                              + " tensor; loss terms must be float32 (DT_FLOAT) scalars"
                          : term.value().shape().numDimensions() != 0
                              ? "term '"
                                  + term.name()
                                  + "' has shape "
                                  + term.value().shape()
                                  + "; loss terms must be scalars"
                              : null;
      if (problem != null) {
        throw PluginFault.of(use.table(), use.regularizer(), problem, null);
      }
    }
    return terms;
  }

  static String uniqueName(Map<String, ?> taken, String name) {
    String candidate = name;
    for (int i = 2; taken.containsKey(candidate); i++) {
      candidate = name + "_" + i;
    }
    return candidate;
  }
}
