package org.nclab.runtime.config;

import com.google.common.base.Ascii;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a TOML4J parse error for a user. TOML4J's messages put the line in the middle, often
 * append the whole rest of the file, and give no fix; this keeps the line as a location, one line
 * of what TOML4J saw, and adds a hint.
 *
 * @param line the line TOML4J named, or -1
 * @param message the rewritten message
 */
record TomlSyntaxError(int line, String message) {
  private static final Pattern ON_LINE = Pattern.compile(" (?:defined )?on line (\\d+)");
  private static final int MAX_QUOTED = 60;

  static TomlSyntaxError of(IllegalStateException error) {
    String raw = String.valueOf(error.getMessage());
    // TOML4J appends the unparsed rest of the file after what it saw; its first line is enough.
    String first = raw.lines().findFirst().orElse("").strip();
    Matcher onLine = ON_LINE.matcher(first);
    int line = onLine.find() ? Integer.parseInt(onLine.group(1)) : -1;
    String what =
        ON_LINE
            .matcher(first)
            .replaceFirst("")
            .replace(". Make sure to terminate the value or add a comment (#).", "");
    what = Ascii.truncate(what, MAX_QUOTED, "...");
    return new TomlSyntaxError(line, "TOML syntax error: " + what + "; " + hint(first));
  }

  /** A failure TOML4J reports as some other exception, for a file:line problem. */
  static String unexpected(Throwable error) {
    String detail =
        error instanceof NumberFormatException
            ? "a number TOML4J cannot read ("
                + Ascii.truncate(String.valueOf(error.getMessage()), MAX_QUOTED, "...")
                + "): out of the range of a 64-bit integer or a double, or not written with the"
                + " digits 0-9; write a smaller number"
            : error instanceof StackOverflowError
                ? "the value is nested too deeply for the TOML reader; flatten it"
                : error.getClass().getSimpleName()
                    + " ("
                    + Ascii.truncate(String.valueOf(error.getMessage()), MAX_QUOTED, "...")
                    + "); see https://toml.io/en/v0.4.0 for the syntax nclab reads";
    return "TOML syntax error: " + detail;
  }

  private static String hint(String message) {
    if (message.startsWith("Unterminated value")) {
      return "close the string, array or inline table that starts here";
    }
    if (message.startsWith("Invalid text after key")) {
      return "end the line after the value, or start a comment with #";
    }
    if (message.startsWith("Duplicate key")) {
      return "a key may appear once per table: delete one of them";
    }
    if (message.startsWith("Duplicate table")
        || message.startsWith("Table already exists")
        || message.startsWith("Key already exists")) {
      return "a table may be defined once: merge the two";
    }
    if (message.startsWith("Invalid key") || message.startsWith("Key is not followed")) {
      return "write key = value, with keys made of letters, digits, _ and -";
    }
    if (message.contains("heterogeneous array")) {
      return "write every element of the array as one type";
    }
    return "see https://toml.io/en/v0.4.0 for the syntax nclab reads";
  }
}
