package org.nclab.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.opentest4j.AssertionFailedError;

class ExtensionsTest {

  /** A regularizer that declares what it is given. */
  private record Declared(String id, List<OptionSpec> options) implements Regularizer {
    @Override
    public String summary() {
      return "a test regularizer";
    }

    @Override
    public List<LossTerm> terms(Options options, LossContext ctx) {
      return List.of();
    }
  }

  @Test
  void aGoodDeclaration_passes_andItsTableGetsTheDefaults() {
    Declared good =
        new Declared(
            "my-loss", List.of(OptionSpec.number("margin", "the margin").defaultValue(0.5)));
    Extensions.assertWellDeclared(good);
    assertEquals(0.5, Extensions.options(good).getDouble("margin"));
    assertEquals(2.0, Extensions.options(good, Map.of("margin", 2.0)).getDouble("margin"));
  }

  @Test
  void reservedNames_missingDocs_badIdsAndInvalidDefaults_areRefused() {
    refused(
        new Declared(
            "my-loss", List.of(OptionSpec.number("weight", "my own weight").defaultValue(1.0))));
    refused(new Declared("my-loss", List.of(OptionSpec.number("margin", " ").defaultValue(1.0))));
    refused(new Declared("My_Loss", List.of()));
    refused(
        new Declared(
            "my-loss",
            List.of(OptionSpec.number("marginOfError", "camel case").defaultValue(1.0))));
    // The record constructor skips the check that defaultValue() makes.
    refused(
        new Declared(
            "my-loss",
            List.of(
                new OptionSpec(
                    "margin", OptionType.DOUBLE, "wide", 0.0, 1.0, List.of(), "a margin"))));
  }

  @Test
  void theReservedNames_followTheKind() {
    assertTrue(
        Extensions.reservedNames(new Declared("x", List.of()))
            .containsAll(List.of("id", "weight")));
  }

  private static void refused(Declared declared) {
    assertThrows(
        AssertionFailedError.class,
        () -> Extensions.assertWellDeclared(declared),
        declared::toString);
  }
}
