package org.nclab.runtime.transfer;

/**
 * The linear probe: multinomial logistic regression on frozen features that were extracted once.
 * Only the classifier's d x K weights and K biases are learned; the backbone is never run again.
 */
final class LinearProbe {
  /** How the probe is fitted: L2 penalty and the L-BFGS stopping rule. */
  record Settings(double l2, int maxIterations, double tolerance) {}

  /** The fitted probe's figures. */
  record Outcome(double trainAccuracy, double testAccuracy, Lbfgs.Result solver) {}

  private LinearProbe() {}

  static Outcome fit(FeatureMatrix train, FeatureMatrix test, int classes, Settings settings) {
    return evaluate(solve(train, classes, settings), train, test);
  }

  static SoftmaxRegression solve(FeatureMatrix train, int classes, Settings settings) {
    return SoftmaxRegression.fit(
        train, classes, settings.l2(), settings.maxIterations(), settings.tolerance());
  }

  static Outcome evaluate(SoftmaxRegression probe, FeatureMatrix train, FeatureMatrix test) {
    return new Outcome(probe.accuracy(train), probe.accuracy(test), probe.solver());
  }
}
