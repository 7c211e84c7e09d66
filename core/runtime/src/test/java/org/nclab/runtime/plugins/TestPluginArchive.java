package org.nclab.runtime.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a plugin jar (or plugin zip) for a test: a generated manifest, extension classes compiled
 * from source on the spot, the {@code META-INF/extensions.idx} that lists them, and any other
 * entries a test wants, such as a bundled TensorFlow class. After PF4J's own test PluginJar.
 */
final class TestPluginArchive {

  private static final String CLASSES = "classes/";
  private static final String INDEX = "META-INF/extensions.idx";

  private final Path file;
  private final boolean zipLayout;
  private final Path scratch;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private boolean withManifest = true;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> indexed = new ArrayList<>();
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final Map<String, Map<String, byte[]>> libJars = new LinkedHashMap<>();

  private TestPluginArchive(Path file, boolean zipLayout, Path scratch, String pluginId) {
    this.file = file;
    this.zipLayout = zipLayout;
    this.scratch = scratch;
    attributes.put("Plugin-Id", pluginId);
    attributes.put("Plugin-Version", "1.0.0");
  }

  /** A jar named {@code fileName} in {@code folder}, compiling in {@code scratch}. */
  static TestPluginArchive jar(Path folder, String fileName, String pluginId, Path scratch) {
    return new TestPluginArchive(folder.resolve(fileName), false, scratch, pluginId);
  }

  /** A plugin zip ({@code classes/}, {@code lib/}) that PF4J unpacks before loading. */
  static TestPluginArchive zip(Path folder, String fileName, String pluginId, Path scratch) {
    return new TestPluginArchive(folder.resolve(fileName), true, scratch, pluginId);
  }

  /** Sets a manifest attribute; {@code null} leaves it out. */
  TestPluginArchive attribute(String name, String value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
    return this;
  }

  TestPluginArchive withoutManifest() {
    withManifest = false;
    return this;
  }

  /** A class compiled into the plugin and listed in its extension index. */
  TestPluginArchive extension(String className, String source) {
    sources.put(className, source);
    indexed.add(className);
    return this;
  }

  /** A class compiled into the plugin but not listed in its extension index. */
  TestPluginArchive source(String className, String source) {
    sources.put(className, source);
    return this;
  }

  /** A file at {@code name} on the plugin's class path (replacing a generated one). */
  TestPluginArchive entry(String name, byte[] content) {
    entries.put(name, content);
    return this;
  }

  /** A zip plugin's {@code lib/NAME} jar holding these entries. */
  TestPluginArchive libJar(String name, Map<String, byte[]> jarEntries) {
    libJars.put(name, jarEntries);
    return this;
  }

  Path build() {
    try {
      Files.createDirectories(file.getParent());
      Files.createDirectories(scratch);
      Map<String, byte[]> content = new LinkedHashMap<>();
      if (!sources.isEmpty()) {
        content.putAll(
            TestCompiler.compile(sources, Files.createTempDirectory(scratch, "classes")));
      }
      if (!indexed.isEmpty()) {
        content.put(
            INDEX, String.join("\n", indexed).concat("\n").getBytes(StandardCharsets.UTF_8));
      }
      content.putAll(entries);
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
        String prefix = zipLayout ? CLASSES : "";
        if (withManifest) {
          put(out, prefix + "META-INF/MANIFEST.MF", manifestBytes());
        }
        for (Map.Entry<String, byte[]> entry : content.entrySet()) {
          put(out, prefix + entry.getKey(), entry.getValue());
        }
        for (Map.Entry<String, Map<String, byte[]>> lib : libJars.entrySet()) {
          put(out, "lib/" + lib.getKey(), zipBytes(lib.getValue()));
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] manifestBytes() throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    manifest.write(bytes);
    return bytes.toByteArray();
  }

  /** The class file of a class on the test's own class path, to copy into a plugin. */
  static byte[] classBytes(Class<?> type) {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] zipBytes(Map<String, byte[]> zipEntries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : zipEntries.entrySet()) {
        put(out, entry.getKey(), entry.getValue());
      }
    }
    return bytes.toByteArray();
  }

  private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new ZipEntry(name));
    out.write(content);
    out.closeEntry();
  }
}
