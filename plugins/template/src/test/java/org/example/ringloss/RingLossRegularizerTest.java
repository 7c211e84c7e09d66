package org.example.ringloss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.nclab.testkit.Extensions;
import org.nclab.testkit.TestGraph;
import org.nclab.testkit.TestLossContext;

/**
 * The extension as nclab sees it, through nclab-api-testkit: its declaration, the options a config
 * table turns into, the term it builds in a training pass (value and gradient), and the index entry
 * that lets nclab find it.
 */
class RingLossRegularizerTest {

  private final RingLossRegularizer regularizer = new RingLossRegularizer();

  @Test
  void declaresOneDocumentedOption_radius() {
    // A valid id, a summary, docs, valid defaults and no name nclab reserves (a regularizer's
    // weight).
    Extensions.assertWellDeclared(regularizer);
    assertEquals("ring-loss", regularizer.id());
    List<OptionSpec> options = regularizer.options();
    assertEquals(List.of("radius"), options.stream().map(OptionSpec::name).toList());
    assertEquals(1.0, options.get(0).defaultValue());
  }

  @Test
  void radiusOutOfRange_isRefused() {
    // Extensions.options validates a table against the specs, as nclab does with a config.
    assertThrows(IllegalArgumentException.class, () -> options(Map.of("radius", -1.0)));
  }

  @Test
  void terms_isOneScalarRingLossOnTheFeatures() {
    try (TestGraph graph = new TestGraph()) {
      // The features, logits and labels nclab's training pass would hand the regularizer.
      double[][] features = {{3, 4}, {0, 0}};
      double[][] logits = {{1, 0}, {0, 1}};
      TestLossContext ctx =
          graph.lossContext(
              "regularizer0_ring-loss", graph.lossInputs(features, logits, new int[] {0, 1}, 2));
      List<LossTerm> terms = regularizer.terms(options(Map.of("radius", 2.0)), ctx);

      assertEquals(1, terms.size());
      LossTerm term = terms.get(0);
      assertEquals("ring-loss", term.name(), "nclab logs it as loss/ring-loss");
      assertEquals(0, term.value().shape().numDimensions(), "loss terms are scalars");
      // Norms 5 and 0, radius 2: ((5 - 2)² + (0 - 2)²) / 2 = 6.5.
      assertEquals(6.5, graph.scalar(term.value()), 1e-5);
      // d/df = (2/N) (‖f‖ − R) f / ‖f‖ = (3/5)(3, 4) for the first row; 0 at the zero vector.
      double[][] gradient = graph.gradient(term.value(), ctx.features());
      assertArrayEquals(new double[] {1.8, 2.4}, gradient[0], 1e-5);
      assertArrayEquals(new double[] {0, 0}, gradient[1], 1e-6);
      assertTrue(graph.variables().isEmpty(), "the ring loss has no weights of its own");
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
    return Extensions.options(regularizer, table);
  }
}
