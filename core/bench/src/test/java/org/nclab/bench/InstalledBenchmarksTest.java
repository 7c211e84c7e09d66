package org.nclab.bench;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.nclab.runtime.cli.Benchmarks;

/**
 * The runtime reaches this module's benchmarks only through ServiceLoader: the registration must be
 * there.
 */
class InstalledBenchmarksTest {

  @Test
  void theRuntimeFindsTheseBenchmarksOnTheClassPath() {
    assertInstanceOf(InstalledBenchmarks.class, Benchmarks.installed());
  }
}
