package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.options.OptionSpec;

/** What the host relies on when it loads this plugin. */
class ExtensionIndexTest {
  private static final List<DatasetProvider> PROVIDERS =
      List.of(
          new IdxDatasetProvider(),
          new NpmJsonDatasetProvider(),
          new SyntheticDatasetProvider(),
          new ImageFolderDatasetProvider(),
          new CifarDatasetProvider());

  /** PF4J finds extensions only through this index, written by its annotation processor. */
  @Test
  void extensionsIndex_listsEveryProvider() throws IOException {
    List<String> lines = new ArrayList<>();
    for (URL url :
        Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
      try (InputStream in = url.openStream()) {
        lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      }
    }
    for (DatasetProvider provider : PROVIDERS) {
      assertTrue(lines.contains(provider.getClass().getName()), () -> "not indexed: " + lines);
    }
  }

  @Test
  void ids_areTheDocumentedOnes() {
    assertEquals(
        List.of("idx", "npm-json", "synthetic", "image-folder", "cifar"),
        PROVIDERS.stream().map(DatasetProvider::id).toList());
  }

  /** A dataset must open from {@code id} alone, so that a one-line config works. */
  @Test
  void everyOption_hasADocAndADefault() {
    for (DatasetProvider provider : PROVIDERS) {
      for (OptionSpec spec : provider.options()) {
        assertFalse(spec.required(), () -> provider.id() + "." + spec.name() + " has no default");
        assertFalse(spec.doc().isBlank(), () -> provider.id() + "." + spec.name() + " has no doc");
      }
    }
  }
}
