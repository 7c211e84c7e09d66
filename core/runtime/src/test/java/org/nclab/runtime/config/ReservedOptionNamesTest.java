package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.OptionSpec;
import org.nclab.runtime.plugins.ExtensionKind;
import org.nclab.testkit.Extensions;

/**
 * The test kit's copy of the keys nclab reads in every table of a kind (a plugin author's tests
 * cannot see the runtime) must be the runtime's own.
 */
class ReservedOptionNamesTest {

  @Test
  void theTestKitReservesWhatTheRuntimeReads() {
    for (ExtensionKind kind : ExtensionKind.values()) {
      Set<String> runtime =
          CoreSections.commonOptions(kind).stream()
              .map(OptionSpec::name)
              .collect(Collectors.toSet());
      assertEquals(runtime, Extensions.RESERVED.getOrDefault(kind.type(), Set.of()), kind.table());
    }
  }
}
