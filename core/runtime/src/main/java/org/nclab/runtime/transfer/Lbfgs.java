package org.nclab.runtime.transfer;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithms 7.4 and 7.5) with a
 * backtracking line search on the Armijo condition, in float64. For the smooth, strongly convex
 * objectives it is used on here (L2-regularised logistic regression) it converges to the unique
 * minimum; the result says whether the gradient-norm tolerance was reached.
 */
final class Lbfgs {
  /** f(x), and its gradient written into {@code gradient}. */
  interface Objective {
    double valueAndGradient(double[] x, double[] gradient);
  }

  /**
   * @param x the minimiser found (the input array, updated in place)
   * @param value f(x)
   * @param gradientNorm the Euclidean norm of the gradient at x
   * @param iterations L-BFGS iterations taken
   * @param converged true when {@code gradientNorm <= tolerance}
   */
  record Result(double[] x, double value, double gradientNorm, int iterations, boolean converged) {}

  private static final int MEMORY = 10;
  private static final double ARMIJO = 1e-4;

  private Lbfgs() {}

  static Result minimize(Objective f, double[] x, int maxIterations, double tolerance) {
    int n = x.length;
    double[] g = new double[n];
    double fx = f.valueAndGradient(x, g);
    double[][] s = new double[MEMORY][];
    double[][] y = new double[MEMORY][];
    double[] rho = new double[MEMORY];
    double[] alpha = new double[MEMORY];
    int stored = 0;
    int newest = -1;
    double[] direction = new double[n];
    double[] xNext = new double[n];
    double[] gNext = new double[n];
    int iteration = 0;
    double gNorm = norm(g);
    while (gNorm > tolerance && iteration < maxIterations) {
      // Two-loop recursion: direction = -H g, with H the L-BFGS inverse-Hessian estimate.
      System.arraycopy(g, 0, direction, 0, n);
      for (int k = 0; k < stored; k++) {
        int i = Math.floorMod(newest - k, MEMORY);
        alpha[i] = rho[i] * dot(s[i], direction);
        axpy(-alpha[i], y[i], direction);
      }
      double gamma =
          stored > 0
              ? dot(s[newest], y[newest]) / dot(y[newest], y[newest])
              : 1 / Math.max(gNorm, 1);
      scale(direction, gamma);
      for (int k = stored - 1; k >= 0; k--) {
        int i = Math.floorMod(newest - k, MEMORY);
        double beta = rho[i] * dot(y[i], direction);
        axpy(alpha[i] - beta, s[i], direction);
      }
      scale(direction, -1);
      double slope = dot(g, direction);
      if (slope >= 0) {
        // Not a descent direction (curvature information went stale): restart from steepest
        // descent.
        stored = 0;
        for (int j = 0; j < n; j++) {
          direction[j] = -g[j] / Math.max(gNorm, 1);
        }
        slope = dot(g, direction);
      }
      double step = 1;
      double fNext;
      int halvings = 0;
      while (true) {
        for (int j = 0; j < n; j++) {
          xNext[j] = x[j] + step * direction[j];
        }
        fNext = f.valueAndGradient(xNext, gNext);
        if (fNext <= fx + ARMIJO * step * slope || halvings >= 60) {
          break;
        }
        step *= 0.5;
        halvings++;
      }
      if (!(fNext <= fx + ARMIJO * step * slope)) {
        break; // no decrease is possible at float64 precision: as close to the minimum as it gets
      }
      double[] sk = new double[n];
      double[] yk = new double[n];
      for (int j = 0; j < n; j++) {
        sk[j] = xNext[j] - x[j];
        yk[j] = gNext[j] - g[j];
      }
      double sy = dot(sk, yk);
      // Keep the estimate positive definite: a pair without positive curvature is not stored.
      if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
        newest = (newest + 1) % MEMORY;
        s[newest] = sk;
        y[newest] = yk;
        rho[newest] = 1 / sy;
        stored = Math.min(stored + 1, MEMORY);
      }
      System.arraycopy(xNext, 0, x, 0, n);
      System.arraycopy(gNext, 0, g, 0, n);
      fx = fNext;
      gNorm = norm(g);
      iteration++;
    }
    return new Result(x, fx, gNorm, iteration, gNorm <= tolerance);
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static void scale(double[] x, double a) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= a;
    }
  }
}
