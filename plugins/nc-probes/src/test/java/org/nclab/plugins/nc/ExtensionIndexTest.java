package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.OptionSpec;

/** What the host relies on when it loads this plugin (the built jar: PluginJarIT). */
class ExtensionIndexTest {

  /** PF4J finds extensions only through this index, written by its annotation processor. */
  @Test
  void extensionsIndex_listsTheProbe() throws IOException {
    List<String> lines = new ArrayList<>();
    for (URL url :
        Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
      try (InputStream in = url.openStream()) {
        lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      }
    }
    assertTrue(lines.contains(NcProbe.class.getName()), () -> "not indexed: " + lines);
  }

  /** A probe must run from {@code id = "nc"} alone. */
  @Test
  void everyOption_hasADocAndADefault() {
    for (OptionSpec spec : new NcProbe().options()) {
      assertFalse(spec.required(), () -> spec.name() + " has no default");
      assertFalse(spec.doc().isBlank(), () -> spec.name() + " has no doc");
    }
  }
}
