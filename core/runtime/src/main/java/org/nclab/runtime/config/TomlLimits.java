package org.nclab.runtime.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounds on a config's text, checked in one linear pass before anything else reads it, so that no
 * config reaches a stack overflow or an out-of-memory in TOML4J (which recurses per nesting level
 * and copies arrays element by element) or in nclab's own outline. The same pass rejects what
 * TOML4J would turn into an exception without a line: digits outside ASCII (Arabic-Indic and the
 * like), control characters, and malformed escapes in basic strings.
 *
 * <p>Limits (docs/errors.md): {@value #MAX_CHARS} characters per file, nesting of arrays and inline
 * tables {@value #MAX_DEPTH} deep, {@value #MAX_ELEMENTS} elements per array, {@value #MAX_STRING}
 * characters per string. Real configs are a few kilobytes.
 */
final class TomlLimits {
  static final int MAX_CHARS = 1 << 20;
  static final int MAX_DEPTH = 32;
  static final int MAX_ELEMENTS = 100_000;
  static final int MAX_STRING = 1 << 16;

  /** The first problem, with its 1-based line. */
  record Violation(int line, String message) {}

  private final String text;
  private int pos;
  private int line = 1;

  private TomlLimits(String text) {
    this.text = text;
  }

  static Optional<Violation> check(String text) {
    if (text.length() > MAX_CHARS) {
      return Optional.of(new Violation(1, tooLong()));
    }
    return Optional.ofNullable(new TomlLimits(text).scan());
  }

  static String tooLong() {
    return "the file is longer than "
        + MAX_CHARS
        + " characters, nclab's limit for a config;"
        + " a config holds settings, not data: read large inputs through a dataset's path option";
  }

  private Violation scan() {
    Violation first = statementStart(restOfLine());
    if (first != null) {
      return first;
    }
    Deque<int[]> arrays = new ArrayDeque<>(); // per open bracket: {elements so far, line}
    char previous = '\n'; // the last character outside strings and comments that is not a blank
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '#') {
        char before = previous;
        previous = c;
        if ((c >= '0' && c <= '9' || c == '+' || c == '-')
            && (before == '=' || before == ',' || before == '[')) {
          Violation bad = number();
          if (bad != null) {
            return bad;
          }
          continue;
        }
      }
      if (c == '\n') {
        line++;
        pos++;
        if (!arrays.isEmpty() && HEADER.matcher(restOfLine()).matches()) {
          return new Violation(
              arrays.getLast()[1],
              "the array or inline table opened here is not"
                  + " closed before the table header on line "
                  + line
                  + "; close it with ] or }");
        }
        Violation bad = arrays.isEmpty() ? statementStart(restOfLine()) : null;
        if (bad != null) {
          return bad;
        }
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          Violation bad = control(text.charAt(pos), "a comment");
          if (bad != null) {
            return bad;
          }
          pos++;
        }
      } else if (c == '"' || c == '\'') {
        Violation bad = string(c);
        if (bad != null) {
          return bad;
        }
      } else if (c == '[' || c == '{') {
        arrays.push(new int[] {0, line});
        if (arrays.size() > MAX_DEPTH) {
          return new Violation(
              line,
              "arrays and inline tables nested more than "
                  + MAX_DEPTH
                  + " deep, nclab's limit for a config; flatten the value");
        }
        pos++;
      } else if (c == ']' || c == '}') {
        arrays.poll();
        pos++;
      } else if (c == ',' && !arrays.isEmpty()) {
        if (++arrays.peek()[0] >= MAX_ELEMENTS) {
          return new Violation(
              line,
              "an array or inline table with more than "
                  + MAX_ELEMENTS
                  + " elements, nclab's limit for a config; a config holds settings, not data");
        }
        pos++;
      } else if (Character.isDigit(c) && c > 127) {
        return new Violation(
            line,
            "'"
                + c
                + "' (U+"
                + hex(c)
                + ") is a digit outside ASCII, which"
                + " TOML does not read as a number; write the number with the digits 0-9");
      } else {
        Violation bad = control(c, "the line");
        if (bad != null) {
          return bad;
        }
        pos++;
      }
    }
    return null;
  }

  /** A table header on a line of its own, [name] or [[name]] with a bare key. */
  private static final Pattern HEADER =
      Pattern.compile("\\s*\\[\\[?[A-Za-z_][A-Za-z0-9_.-]*]]?\\s*(#.*)?");

  /** An integer with a leading zero, which TOML forbids and TOML4J reads as decimal. */
  private static final Pattern LEADING_ZERO = Pattern.compile("[+-]?0[0-9_]+");

  private String restOfLine() {
    int end = text.indexOf('\n', pos);
    return text.substring(pos, end < 0 ? text.length() : end);
  }

  /** A key written as two bare words, {@code this is = 1}: TOML4J calls it a dotted key. */
  private static final Pattern SPACED_KEY =
      Pattern.compile("\\s*([A-Za-z0-9_-]+(?:[ \\t]+[A-Za-z0-9_-]+)+)[ \\t]*=.*");

  /** What is wrong with how a line outside any array starts: an unclosed header, a spaced key. */
  private Violation statementStart(String rest) {
    String trimmed = rest.strip();
    if (trimmed.startsWith("[")) {
      String header = trimmed.contains("#") ? trimmed.substring(0, trimmed.indexOf('#')) : trimmed;
      if (!header.contains("]") && !header.contains("\"") && !header.contains("'")) {
        return new Violation(
            line,
            "the table header " + header.strip() + " is not closed; write " + header.strip() + "]");
      }
      return null;
    }
    Matcher spaced = SPACED_KEY.matcher(rest);
    if (spaced.matches()) {
      String key = spaced.group(1);
      return new Violation(
          line,
          "'"
              + key
              + "' is not a key: a bare key is letters, digits, _ and -"
              + " without spaces; write "
              + key.replaceAll("[ \\t]+", "_")
              + ", or quote it");
    }
    return null;
  }

  /** Reads a value that starts like a number; pos ends after it. */
  private Violation number() {
    int start = pos;
    while (pos < text.length() && " \t\r\n,]}#".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    String token = text.substring(start, pos);
    if (LEADING_ZERO.matcher(token).matches()) {
      return new Violation(
          line,
          token
              + " has a leading zero, which TOML does not allow in an"
              + " integer; write "
              + token.replaceFirst("^([+-]?)0+(?=[0-9])", "$1"));
    }
    for (char c : token.toCharArray()) {
      if (Character.isDigit(c) && c > 127) {
        return new Violation(
            line,
            "'"
                + c
                + "' (U+"
                + hex(c)
                + ") is a digit outside ASCII, which"
                + " TOML does not read as a number; write the number with the digits 0-9");
      }
    }
    return null;
  }

  /** Reads one string from its opening quote; pos ends after the closing quote. */
  private Violation string(char quote) {
    boolean multi = text.startsWith(String.valueOf(quote).repeat(3), pos);
    String close = multi ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
    int startLine = line;
    pos += close.length();
    int length = 0;
    while (pos < text.length() && !text.startsWith(close, pos)) {
      char c = text.charAt(pos);
      if (c == '\n') {
        if (!multi) {
          return null; // unterminated: TOML4J says so, with the line
        }
        line++;
      } else {
        Violation bad = control(c, "a string");
        if (bad != null) {
          return bad;
        }
      }
      if (++length > MAX_STRING) {
        return new Violation(
            startLine,
            "a string longer than "
                + MAX_STRING
                + " characters, nclab's limit for a config; keep long text in a file and name it");
      }
      if (c == '\\' && quote == '"') {
        Violation bad = escape();
        if (bad != null) {
          return bad;
        }
        continue;
      }
      pos++;
    }
    pos += close.length();
    return null;
  }

  /** Checks the escape at pos (a backslash) and moves past it. */
  private Violation escape() {
    if (pos + 1 >= text.length()) {
      pos++;
      return null;
    }
    char kind = text.charAt(pos + 1);
    if (kind == 'u' || kind == 'U') {
      int digits = kind == 'u' ? 4 : 8;
      String code = text.substring(pos + 2, Math.min(text.length(), pos + 2 + digits));
      if (code.length() < digits || !code.chars().allMatch(TomlLimits::isHexDigit)) {
        code = code.lines().findFirst().orElse(""); // the message is one line, like every error
        return new Violation(
            line,
            "\\"
                + kind
                + code
                + " is not an escape: \\"
                + kind
                + " takes "
                + digits
                + " hexadecimal digits 0-9, A-F; write e.g. \\u00E9 for é");
      }
      long value = Long.parseLong(code, 16);
      if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
        return new Violation(
            line,
            "\\"
                + kind
                + code
                + " is not a Unicode scalar value (surrogates"
                + " and values above 10FFFF are not); write the character itself");
      }
      pos += 2 + digits;
      return null;
    }
    if (kind == '\n' || kind == ' ' || kind == '\t' || kind == '\r') {
      pos++; // a line-ending backslash in a multi-line string; TOML4J judges the rest
      return null;
    }
    if ("btnfr\"\\".indexOf(kind) < 0) {
      return new Violation(
          line,
          "\\"
              + kind
              + " is not a TOML escape (\\b \\t \\n \\f \\r \\\" \\\\"
              + " \\uXXXX \\UXXXXXXXX); write \\\\ for a backslash, or use a 'literal string'");
    }
    pos += 2;
    return null;
  }

  private Violation control(char c, String where) {
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
      return new Violation(
          line,
          "a control character U+"
              + hex(c)
              + " in "
              + where
              + ", which TOML"
              + " does not allow; delete it (a \\u escape writes one into a string on purpose)");
    }
    return null;
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }
}
