package org.nclab.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A test's prerequisite that set-up installs (a dataset, Chromium, Slurm). On a developer's
 * machine a missing one skips the test with the reason; under {@code CI=true} it fails it, so a
 * green CI run cannot hide a test that checked nothing.
 */
public final class Prerequisites {
  private Prerequisites() {}

  /** Whether this JVM runs under CI ({@code CI=true} in the environment, or {@code -Dnclab.ci=true}). */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || "true".equalsIgnoreCase(System.getProperty("nclab.ci"));
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
