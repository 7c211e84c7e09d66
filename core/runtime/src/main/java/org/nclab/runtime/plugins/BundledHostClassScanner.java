package org.nclab.runtime.plugins;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Finds the first file in a plugin archive that lies in one of the {@link HostPackages}: a sign
 * that the plugin was built with a host library in compile scope instead of {@code provided}.
 *
 * <p>Only what PF4J would put on the plugin's class path is read: every entry of a jar, or {@code
 * classes/} and each {@code lib/*.jar} of a plugin zip.
 */
final class BundledHostClassScanner {

  /**
   * A host-owned file in an archive, e.g. {@code org/tensorflow/Tensor.class} in {@code
   * org.tensorflow}.
   */
  record BundledHostClass(String entry, String hostPackage) {}

  private static final String ZIP_CLASSES = "classes/";
  private static final String ZIP_LIBS = "lib/";

  /** Multi-release jars keep per-Java-version copies of classes under this prefix. */
  private static final Pattern VERSIONED_ENTRY = Pattern.compile("^META-INF/versions/\\d+/");

  private BundledHostClassScanner() {}

  /**
   * @param archive an open jar or plugin zip
   * @param zipLayout whether it is a plugin zip ({@code classes/}, {@code lib/}) rather than a jar
   */
  static Optional<BundledHostClass> firstIn(ZipFile archive, boolean zipLayout) throws IOException {
    Enumeration<? extends ZipEntry> entries = archive.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      String name = entry.getName();
      Optional<BundledHostClass> found = Optional.empty();
      if (!zipLayout) {
        found = check(name, name);
      } else if (name.startsWith(ZIP_CLASSES)) {
        found = check(name.substring(ZIP_CLASSES.length()), name);
      } else if (name.startsWith(ZIP_LIBS) && name.endsWith(".jar")) {
        try (ZipInputStream nested = new ZipInputStream(archive.getInputStream(entry))) {
          found = firstInNestedJar(nested, name);
        }
      }
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<BundledHostClass> firstInNestedJar(ZipInputStream in, String jarName)
      throws IOException {
    for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
      Optional<BundledHostClass> found = check(entry.getName(), jarName + "!/" + entry.getName());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * @param classPathName the entry's name as seen from the class path
   * @param shownName the entry's name as a user finds it in the archive
   */
  private static Optional<BundledHostClass> check(String classPathName, String shownName) {
    String unversioned = VERSIONED_ENTRY.matcher(classPathName).replaceFirst("");
    return HostPackages.packageOfEntry(unversioned)
        .map(hostPackage -> new BundledHostClass(shownName, hostPackage));
  }
}
