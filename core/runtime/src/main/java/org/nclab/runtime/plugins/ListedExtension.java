package org.nclab.runtime.plugins;

import java.util.List;
import java.util.Optional;

/**
 * One extension of a plugin as its checker found it in a child JVM: enough for the host to list it
 * and to claim its id without running any of the plugin's code, and to create it when a command
 * uses it.
 *
 * @param className the class named in the plugin's {@code META-INF/extensions.idx}
 * @param summary what {@code summary()} returned in the check, for {@code nclab plugins}
 */
public record ListedExtension(ExtensionKind kind, String id, String className, String summary) {

  /** How the checker's line protocol and verdict cache write it: tab-separated, one line. */
  public String line() {
    return String.join("\t", kind.name(), id, className, oneLine(summary));
  }

  /** The extension {@link #line()} wrote, or empty when the line is not one. */
  public static Optional<ListedExtension> parse(String line) {
    String[] parts = line.split("\t", 4);
    if (parts.length < 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ListedExtension(ExtensionKind.valueOf(parts[0]), parts[1], parts[2], parts[3]));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a kind of another nclab version: the jar is checked again
    }
  }

  /** The extensions a trial loaded, listed; a summary() that throws is listed as such. */
  static List<ListedExtension> of(List<ProvidedExtension> extensions) {
    return extensions.stream()
        .map(e -> new ListedExtension(e.kind(), e.id(), e.className(), summaryOf(e)))
        .toList();
  }

  private static String summaryOf(ProvidedExtension extension) {
    try {
      return String.valueOf(extension.extension().summary());
    } catch (RuntimeException | LinkageError e) {
      return "(summary() threw " + ExceptionText.describe(e) + ")";
    }
  }

  private static String oneLine(String text) {
    return text.replaceAll("[\\t\\r\\n]+", " ");
  }
}
