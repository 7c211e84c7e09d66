package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The jar that {@code mvn package} built, as the plugin host will see it: one drop-in file with the
 * manifest, the extension index, and only this plugin's own classes. The host refuses a jar that
 * bundles any package it owns (a second TensorFlow or API would break casts across the boundary);
 * the list below is the host's (core/runtime's HostPackages).
 */
class PluginJarIT {
  private static final List<String> HOST_PACKAGES =
      List.of(
          "org/tensorflow/",
          "org/bytedeco/",
          "com/google/protobuf/",
          "io/micrometer/",
          "com/google/common/",
          "com/google/thirdparty/",
          "org/slf4j/",
          "org/pf4j/",
          "org/nclab/api/");

  private static JarFile openJar() throws IOException {
    String path = System.getProperty("nc.plugin.jar");
    assertNotNull(path, "failsafe passes the jar's path as nc.plugin.jar");
    assertTrue(Files.isRegularFile(Path.of(path)), () -> "no jar at " + path);
    return new JarFile(path);
  }

  @Test
  void bundlesNoHostPackage_onlyThePluginsOwnClasses() throws IOException {
    try (JarFile jar = openJar()) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        for (String hostPackage : HOST_PACKAGES) {
          assertTrue(!name.startsWith(hostPackage), () -> "host-owned entry in the jar: " + name);
        }
        if (name.endsWith(".class")) {
          assertTrue(name.startsWith("org/nclab/plugins/nc/"), () -> "foreign class: " + name);
        }
      }
    }
  }

  @Test
  void indexesTheProbe_andNamesThePluginInItsManifest() throws IOException {
    try (JarFile jar = openJar()) {
      JarEntry index = jar.getJarEntry("META-INF/extensions.idx");
      assertNotNull(index, "META-INF/extensions.idx is missing: PF4J would find no extension");
      try (InputStream in = jar.getInputStream(index)) {
        List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains(NcProbe.class.getName()), () -> "not indexed: " + lines);
      }
      Manifest manifest = jar.getManifest();
      assertEquals("nc-probes", manifest.getMainAttributes().getValue("Plugin-Id"));
      assertNotNull(manifest.getMainAttributes().getValue("Plugin-Version"));
    }
  }
}
