package org.nclab.plugins.regularizers;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The classes folder the jar is made of, checked during {@code mvn test}; {@link PluginJarIT}
 * checks the jar itself during {@code mvn verify}.
 */
class PluginContentsTest {

  @Test
  void indexListsEveryRegularizer_andNoHostPackageIsBundled() throws URISyntaxException {
    Path classes =
        Path.of(MseRegularizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    PluginContents contents = PluginContents.ofDirectory(classes);
    contents.assertIndexesEveryRegularizer();
    contents.assertBundlesNoHostPackage();
  }
}
