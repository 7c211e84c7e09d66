package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.train.Regularizer;

/**
 * docs/methods.md documents every method under a heading of its id, with each of its options in
 * that section, so that the manual cannot fall behind the code.
 */
class MethodsDocTest {
  /** Tests run in the module's folder; the manual is at the repository's top. */
  private static final Path MANUAL = Path.of("../../docs/methods.md");

  @Test
  void everyMethodAndOptionIsDocumented() throws IOException {
    String manual = Files.readString(MANUAL);
    for (Regularizer regularizer : ExtensionOptionsTest.ALL) {
      String section = section(manual, regularizer.id());
      for (OptionSpec spec : regularizer.options()) {
        assertTrue(
            section.contains("| `" + spec.name() + "` |"),
            () -> regularizer.id() + "." + spec.name() + " missing from " + MANUAL);
      }
    }
  }

  /** The text from "### ID" to the next heading. */
  private static String section(String manual, String id) {
    String heading = "\n### " + id + "\n";
    int start = manual.indexOf(heading);
    assertTrue(start >= 0, () -> "no section '### " + id + "' in " + MANUAL);
    int end = manual.indexOf("\n#", start + heading.length());
    return manual.substring(start, end < 0 ? manual.length() : end);
  }
}
