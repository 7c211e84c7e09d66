package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged plugin jar (path from the build), as the host will open it. */
class PluginJarIT {
  @Test
  void jarIndexesEveryRegularizer_bundlesNoHostPackage_andNamesThePlugin() throws IOException {
    String property = System.getProperty("plugin.jar");
    // Failsafe sets it after 'package'; a surefire run picked by -Dtest has no jar to open.
    assumeTrue(property != null, "run by failsafe: mvn verify");
    Path jar = Path.of(property);
    PluginContents contents = PluginContents.ofJar(jar);
    contents.assertIndexesEveryRegularizer();
    contents.assertBundlesNoHostPackage();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals("regularizers", file.getManifest().getMainAttributes().getValue("Plugin-Id"));
    }
  }
}
