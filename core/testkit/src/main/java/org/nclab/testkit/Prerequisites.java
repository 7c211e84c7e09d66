package org.nclab.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A test's prerequisite that set-up installs (a dataset, Chromium, Slurm). On a developer's machine
 * a missing one skips the test with the reason; under {@code CI=true} it fails it, so a green CI
 * run cannot hide a test that checked nothing.
 */
public final class Prerequisites {
  private Prerequisites() {}

  /**
   * Whether missing prerequisites fail: the system property {@code nclab.ci} when set (so a test
   * can check both behaviours), else the environment's {@code CI=true}.
   */
  public static boolean underCi() {
    String property = System.getProperty("nclab.ci");
    return "true".equalsIgnoreCase(property != null ? property : System.getenv("CI"));
  }

  /**
   * Returns when {@code present}; otherwise skips the test, or fails it under CI, with {@code
   * reason} (what is missing and what installs it, e.g. "scripts/setup.sh installs it").
   */
  public static void require(boolean present, String reason) {
    if (present) {
      return;
    }
    if (underCi()) {
      Assertions.fail("missing prerequisite under CI=true: " + reason);
    }
    Assumptions.abort("skipped, missing prerequisite: " + reason);
  }
}
