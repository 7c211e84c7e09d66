package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.Layers;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.nclab.testkit.LossInputs;
import org.nclab.testkit.TestGraph;
import org.nclab.testkit.TestVariable;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.types.TFloat32;

/**
 * Which trainable variables each regularizer's terms reach, on a model of one dense "backbone"
 * layer and a dense classifier. A variable that is off a term's path must get no gradient at all.
 *
 * <p>TensorFlow Java 1.1.0's {@code Graph.addGradients} neither returns null nor zeros for a
 * variable the output does not depend on: it throws {@code TFInvalidArgumentException} ("Cannot
 * compute the partial derivative for node ... as it's unreachable from the output node(s)"). This
 * test relies on that and checks it.
 */
class GradientRoutingTest {
  private static final String BACKBONE = "backbone/dense/kernel";
  private static final Set<String> CLASSIFIER = Set.of("classifier/kernel", "classifier/bias");

  /** What a term does to one variable. */
  enum Reach {
    /** addGradients refuses: the variable is not on the term's path. */
    UNREACHABLE,
    ZERO,
    NONZERO
  }

  @Test
  void classificationLosses_reachTheBackboneAndTheClassifier() {
    for (Regularizer loss :
        List.of(new MseRegularizer(), new LabelSmoothingRegularizer(), new FocalRegularizer())) {
      Map<String, Reach> reach = reach(loss, Map.of(), 1);
      assertEquals(
          Set.of(BACKBONE, "classifier/kernel", "classifier/bias"), reached(reach), loss.id());
    }
  }

  @Test
  void supcon_trainsItsHeadAndTheBackbone_neverTheClassifier() {
    Map<String, Reach> reach = reach(new SupConRegularizer(), smallHead(), 1);
    assertEquals(headAndBackbone("reg_supcon"), reached(reach));
    CLASSIFIER.forEach(v -> assertEquals(Reach.UNREACHABLE, reach.get(v), v));
  }

  @Test
  void ntXentAlone_givesTheClassifierNoGradient() {
    Map<String, Reach> reach = reach(new NtXentRegularizer(), smallHead(), 2);
    assertEquals(headAndBackbone("reg_nt-xent"), reached(reach));
    CLASSIFIER.forEach(v -> assertEquals(Reach.UNREACHABLE, reach.get(v), v));
  }

  @Test
  void variabilityPenalties_reachTheBackboneOnly() {
    for (Regularizer penalty :
        List.of(new WithinClassVariabilityRegularizer(), new VicRegRegularizer())) {
      // A target far above any ratio keeps the hinge active, so its gradient is not zero.
      Map<String, ?> options =
          penalty instanceof WithinClassVariabilityRegularizer ? Map.of("target", 100.0) : Map.of();
      Map<String, Reach> reach = reach(penalty, options, 1);
      assertEquals(Set.of(BACKBONE), reached(reach), penalty.id());
      CLASSIFIER.forEach(v -> assertEquals(Reach.UNREACHABLE, reach.get(v), v));
    }
  }

  private static Map<String, ?> smallHead() {
    return Map.of("head_width", 8, "head_dim", 4);
  }

  /** The backbone kernel and every trainable variable of a default-shaped head (depth 2, BN). */
  private static Set<String> headAndBackbone(String scope) {
    String head = scope + "/head/";
    return Set.of(
        BACKBONE,
        head + "layer1/dense/kernel",
        head + "layer1/bn/gamma",
        head + "layer1/bn/beta",
        head + "layer2/dense/kernel",
        head + "layer2/dense/bias");
  }

  private static Set<String> reached(Map<String, Reach> reach) {
    return reach.entrySet().stream()
        .filter(e -> e.getValue() == Reach.NONZERO)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /** Builds the model and the regularizer's terms, then asks for each trainable's gradient. */
  private static Map<String, Reach> reach(
      Regularizer regularizer, Map<String, ?> options, int views) {
    TinyBatch batch = TinyBatch.fixed();
    try (TestGraph h = new TestGraph()) {
      GraphContext model = h.context("", true);
      Operand<TFloat32> images = h.constant(batch.logits()); // any fixed [6, 3] input will do
      Operand<TFloat32> features = Layers.dense(model.scope("backbone"), "dense", images, 4, false);
      Operand<TFloat32> logits = Layers.dense(model, "classifier", features, 3, true);
      var inputs =
          new LossInputs(
              features,
              logits,
              h.constant(batch.oneHot()),
              batch.numClasses(),
              List.of(new Tap("block1", features)),
              views);
      List<LossTerm> terms =
          TinyBatch.terms(regularizer, options, TinyBatch.context(h, regularizer, inputs));
      Operand<TFloat32> total = terms.get(0).value();
      for (LossTerm term : terms.subList(1, terms.size())) {
        total = h.tf().math.add(total, term.value());
      }

      Map<String, Reach> reach = new TreeMap<>();
      int call = 0;
      for (TestVariable variable : h.variables()) {
        if (variable.trainable()) {
          reach.put(variable.name(), reachOf(h, total, variable, "gradient" + call++));
        }
      }
      return reach;
    }
  }

  private static Reach reachOf(
      TestGraph h, Operand<TFloat32> y, TestVariable variable, String prefix) {
    Output<?>[] gradient;
    try {
      gradient =
          h.graph()
              .addGradients(
                  prefix,
                  new Output<?>[] {y.asOutput()},
                  new Output<?>[] {variable.read().asOutput()},
                  null);
    } catch (TFInvalidArgumentException e) {
      assertTrue(e.getMessage().contains("unreachable"), e::getMessage);
      return Reach.UNREACHABLE;
    }
    @SuppressWarnings("unchecked")
    Operand<TFloat32> dy = (Operand<TFloat32>) gradient[0];
    for (float value : h.values(dy)) {
      assertTrue(Float.isFinite(value), variable.name() + " has a non-finite gradient");
      if (value != 0) {
        return Reach.NONZERO;
      }
    }
    return Reach.ZERO;
  }
}
