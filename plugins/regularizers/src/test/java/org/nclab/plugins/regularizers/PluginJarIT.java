package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged plugin jar (path from the build), as the host will open it. */
class PluginJarIT {
  private final Path jar = Path.of(System.getProperty("plugin.jar"));

  @Test
  void jarIndexesEveryRegularizer_bundlesNoHostPackage_andNamesThePlugin() throws IOException {
    PluginContents contents = PluginContents.ofJar(jar);
    contents.assertIndexesEveryRegularizer();
    contents.assertBundlesNoHostPackage();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals("regularizers", file.getManifest().getMainAttributes().getValue("Plugin-Id"));
    }
  }
}
