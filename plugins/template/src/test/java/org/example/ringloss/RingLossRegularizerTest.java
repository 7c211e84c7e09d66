package org.example.ringloss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossTerm;

/**
 * The extension as nclab sees it: its id, its declared option, the options a config table turns
 * into, the term it builds, and the index entry that lets nclab find it.
 */
class RingLossRegularizerTest {

  private final RingLossRegularizer regularizer = new RingLossRegularizer();

  @Test
  void declaresOneDocumentedOption_radius() {
    assertEquals("ring-loss", regularizer.id());
    assertFalse(regularizer.summary().isBlank());
    List<OptionSpec> options = regularizer.options();
    assertEquals(List.of("radius"), options.stream().map(OptionSpec::name).toList());
    OptionSpec radius = options.get(0);
    assertEquals(1.0, radius.defaultValue());
    assertFalse(radius.doc().isBlank(), "nclab plugins verify refuses an option without a doc");
  }

  @Test
  void radiusOutOfRange_isRefused() {
    // Options.withDefaults validates a table against the specs, as nclab does with a config.
    assertThrows(IllegalArgumentException.class, () -> options(Map.of("radius", -1.0)));
  }

  @Test
  void terms_isOneScalarRingLossOnTheFeatures() {
    try (FakeLossContext ctx = new FakeLossContext(new float[][] {{3, 4}, {0, 0}})) {
      List<LossTerm> terms = regularizer.terms(options(Map.of("radius", 2.0)), ctx);

      assertEquals(1, terms.size());
      LossTerm term = terms.get(0);
      assertEquals("ring-loss", term.name(), "nclab logs it as loss/ring-loss");
      assertEquals(0, term.value().shape().numDimensions(), "loss terms are scalars");
      // Norms 5 and 0, radius 2: ((5 - 2)² + (0 - 2)²) / 2 = 6.5.
      assertEquals(6.5f, ctx.evaluate(term.value()), 1e-5f);
    }
  }

  /** nclab finds extensions only through this index, which PF4J's annotation processor writes. */
  @Test
  void extensionIndex_listsTheRegularizer() throws IOException {
    List<String> lines = new ArrayList<>();
    for (URL index :
        Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
      try (InputStream in = index.openStream()) {
        lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      }
    }
    assertTrue(lines.contains(RingLossRegularizer.class.getName()), () -> "not indexed: " + lines);
  }

  private Options options(Map<String, ?> table) {
    return Options.withDefaults("regularizer 'ring-loss'", regularizer.options(), table);
  }
}
