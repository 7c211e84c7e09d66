package org.nclab.runtime.config;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.runtime.io.AtomicFiles;

/**
 * Writes a {@link RunConfig} back as TOML with every default filled in and every path absolute, so
 * that a run folder says exactly what ran and loading the file repeats it: loading the written file
 * yields an equal {@link RunConfig}.
 */
public final class ResolvedConfigWriter {

  /** The resolved config as TOML 0.4 text; {@code [[regularizer]]} tables come last. */
  public static String toToml(RunConfig config) {
    StringBuilder out =
        new StringBuilder()
            .append("# The resolved config of run '")
            .append(oneLine(config.name()))
            .append("', read from ")
            .append(oneLine(config.source().toString()))
            .append(".\n")
            .append(
                "# Every default is filled in and every path is absolute: load this file to run")
            .append(" it again.\n");
    for (Map.Entry<String, Object> entry : config.resolved().entrySet()) {
      String key = TomlValueWriter.key(entry.getKey());
      if (entry.getValue() instanceof Map<?, ?> table) {
        out.append("\n[").append(key).append("]\n");
        appendKeys(out, table);
      } else if (TableShapes.isArrayOfTables(entry.getValue())) {
        for (Object table : (List<?>) entry.getValue()) {
          out.append("\n[[").append(key).append("]]\n");
          appendKeys(out, (Map<?, ?>) table);
        }
      } else {
        throw new IllegalArgumentException("resolved config has a top-level value: " + key);
      }
    }
    return out.toString();
  }

  // A name or path with a line break would end the comment and turn the rest into TOML.
  private static String oneLine(String text) {
    return text.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  private static void appendKeys(StringBuilder out, Map<?, ?> table) {
    table.forEach(
        (key, value) ->
            out.append(TomlValueWriter.key(key.toString()))
                .append(" = ")
                .append(TomlValueWriter.value(value))
                .append('\n'));
  }

  /**
   * Writes {@link #toToml} to {@code target}, creating its folder, atomically (see {@link
   * AtomicFiles}): a reader never sees a half-written file.
   *
   * @throws UserException when the folder cannot be written
   */
  public static void write(RunConfig config, Path target) {
    try {
      AtomicFiles.writeString(target, toToml(config));
    } catch (UncheckedIOException e) {
      throw UserException.of(
          "cannot write the resolved config: " + e.getMessage(),
          target.toString(),
          "check that the folder exists and is writable, or choose another run.output");
    }
  }

  private ResolvedConfigWriter() {}
}
