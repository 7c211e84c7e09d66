package org.nclab.plugins.regularizers;

import java.util.List;
import java.util.Map;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.nclab.testkit.Extensions;
import org.nclab.testkit.LossInputs;
import org.nclab.testkit.TestGraph;
import org.nclab.testkit.TestLossContext;

/**
 * A fixed batch small enough to check by hand: 6 examples, 3 classes (labels 0, 1, 2, 0, 1, 0),
 * 4-dimensional features and 3 logits each. Values are irregular on purpose so that no symmetry
 * hides an indexing mistake. Each call returns fresh arrays.
 */
record TinyBatch(double[][] features, double[][] logits, int[] labels, int numClasses) {

  /** The batch, every value rounded to float32 so that the graph and the reference see the same. */
  static TinyBatch fixed() {
    return new TinyBatch(
        rounded(
            new double[][] {
              {0.9, -0.2, 0.4, 1.3},
              {-0.5, 1.1, 0.3, -0.7},
              {0.2, 0.1, -1.2, 0.6},
              {1.4, 0.3, 0.8, 0.9},
              {-0.8, 0.7, 0.5, -0.1},
              {0.6, -0.9, 0.2, 1.7}
            }),
        rounded(
            new double[][] {
              {2.1, -0.3, 0.4},
              {0.2, 1.5, -1.1},
              {-0.7, 0.3, 0.9},
              {1.2, 0.8, -0.4},
              {3.5, -1.0, 0.1},
              {0.0, 0.4, -0.2}
            }),
        new int[] {0, 1, 2, 0, 1, 0},
        3);
  }

  double[][] oneHot() {
    return TestGraph.oneHot(labels, numClasses);
  }

  /** The batch as a training pass of {@code views} views would hand it over, without taps. */
  LossInputs inputs(TestGraph graph, int views) {
    return graph.lossInputs(features, logits, labels, numClasses).withViews(views);
  }

  /** A context in the regularizer's scope, named after it. */
  static TestLossContext context(TestGraph graph, Regularizer regularizer, LossInputs inputs) {
    return graph.lossContext("reg_" + regularizer.id(), inputs);
  }

  /** The terms of {@code regularizer} with its defaults overlaid by {@code given}. */
  static List<LossTerm> terms(Regularizer regularizer, Map<String, ?> given, TestLossContext ctx) {
    return regularizer.terms(Extensions.options(regularizer, given), ctx);
  }

  static double[][] rounded(double[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = (float) x[i][j];
      }
    }
    return out;
  }

  static float[][] toFloat(double[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new float[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = (float) x[i][j];
      }
    }
    return out;
  }
}
