package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.train.Regularizer;
import org.nclab.testkit.Extensions;

/** What {@code nclab describe} prints and config validation enforces, for every extension. */
class ExtensionOptionsTest {
  /** Every extension of the plugin, in the order the manual presents them. */
  static final List<Regularizer> ALL =
      List.of(
          new MseRegularizer(),
          new LabelSmoothingRegularizer(),
          new FocalRegularizer(),
          new SupConRegularizer(),
          new NtXentRegularizer(),
          new WithinClassVariabilityRegularizer(),
          new VicRegRegularizer());

  @Test
  void ids_areTheDocumentedOnes() {
    assertEquals(
        List.of(
            "mse",
            "label-smoothing",
            "focal",
            "supcon",
            "nt-xent",
            "within-class-variability",
            "vicreg"),
        ALL.stream().map(Regularizer::id).toList());
  }

  /** A table with only {@code id} must work, and describe must have something to say. */
  @Test
  void everyOption_isDocumented_hasADefault_andAvoidsReservedNames() {
    for (Regularizer regularizer : ALL) {
      Extensions.assertWellDeclared(regularizer);
      for (OptionSpec spec : regularizer.options()) {
        assertFalse(spec.required(), regularizer.id() + "." + spec.name() + " has no default");
      }
      Extensions.options(regularizer);
    }
  }

  @Test
  void outOfRangeValues_areRefusedByValidation() {
    refused(new LabelSmoothingRegularizer(), Map.of("smoothing", 1.0));
    refused(new SupConRegularizer(), Map.of("temperature", 0.0));
    refused(new SupConRegularizer(), Map.of("head_depth", 5));
    refused(new NtXentRegularizer(), Map.of("head_activation", "gelu"));
    refused(new FocalRegularizer(), Map.of("alpha", List.of(1.0, -0.5)));
    refused(new VicRegRegularizer(), Map.of("epsilon", 0.0));
  }

  private static void refused(Regularizer regularizer, Map<String, ?> given) {
    assertThrows(
        IllegalArgumentException.class,
        () -> Extensions.options(regularizer, given),
        () -> regularizer.id() + " accepted " + given);
  }
}
