package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.nclab.api.train.Regularizer;

/**
 * What the plugin ships: its file entries and its PF4J extension index, read from the classes
 * folder (what the jar is made of) or from the jar itself; and the two checks the host relies on.
 *
 * @param entries paths with '/' separators, files only
 * @param extensionIndex class names listed in META-INF/extensions.idx
 */
record PluginContents(List<String> entries, List<String> extensionIndex) {
  static final String INDEX = "META-INF/extensions.idx";

  /** The host's packages: a plugin that bundles any of them is refused (HostPackages). */
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

  static PluginContents ofDirectory(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      List<String> entries =
          files
              .filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList();
      return new PluginContents(entries, index(Files.readString(root.resolve(INDEX))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PluginContents ofJar(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> entries =
          file.stream().filter(e -> !e.isDirectory()).map(e -> e.getName()).sorted().toList();
      String index =
          new String(
              file.getInputStream(file.getEntry(INDEX)).readAllBytes(), StandardCharsets.UTF_8);
      return new PluginContents(entries, index(index));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> index(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** Every concrete Regularizer class among the entries is indexed, and nothing else is. */
  void assertIndexesEveryRegularizer() {
    Set<String> regularizers = new TreeSet<>();
    for (String entry : entries) {
      if (entry.endsWith(".class") && !entry.contains("$")) {
        Class<?> type = load(entry.substring(0, entry.length() - 6).replace('/', '.'));
        if (Regularizer.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
          regularizers.add(type.getName());
        }
      }
    }
    assertTrue(regularizers.size() >= 7, () -> "found only " + regularizers);
    assertEquals(regularizers, new TreeSet<>(extensionIndex), INDEX);
  }

  void assertBundlesNoHostPackage() {
    for (String entry : entries) {
      for (String host : HOST_PACKAGES) {
        assertTrue(!entry.startsWith(host), () -> "bundles host-owned " + entry);
      }
    }
    assertTrue(entries.stream().noneMatch(e -> e.endsWith(".jar")), () -> "nested jars " + entries);
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, PluginContents.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError("listed but not loadable: " + name, e);
    }
  }
}
