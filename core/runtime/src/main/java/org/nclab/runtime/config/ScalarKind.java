package org.nclab.runtime.config;

import java.util.regex.Pattern;

/**
 * What a TOML value is, judged from its text alone. Beside the kinds TOML 0.4 knows, it names the
 * forms that nclab's TOML 0.4 reader rejects or misreads (TOML 1.0 forms, unquoted words, strings
 * left open), so the preflight can explain them.
 *
 * <p>{@link #ofBare} tries the kinds in declaration order, first match wins: the order matters
 * where forms overlap ({@code nan} is also a word; an offset date-time also fits the relaxed form).
 */
enum ScalarKind {
  /** Quoted; never matched from bare text. */
  STRING("string", null),
  /** A string without its closing quotes, which TOML4J reports lines away, as something else. */
  OPEN_STRING("string", null),
  /**
   * A basic string with an escaped backslash before n, t, r, b, f, u, / or a quote, or at its end:
   * TOML4J decodes escapes one kind after another, so {@code "C:\\new"} silently becomes {@code
   * C:\} and a line break, and {@code "C:\\"} looks unclosed to it. Literal strings have no escapes
   * and are read right.
   */
  MISREAD_ESCAPE("string", null),
  BOOLEAN("boolean", "true|false"),
  INTEGER("integer", Forms.SIGN + Forms.DIGITS),
  FLOAT(
      "float",
      Forms.SIGN + Forms.DIGITS + "(\\." + Forms.DIGITS + ")?([eE][+-]?" + Forms.DIGITS + ")?"),
  /** {@code 1979-05-27T07:32:00Z}: the only date form TOML4J reads. */
  OFFSET_DATE_TIME("date-time", Forms.DATE + "T" + Forms.TIME + "(Z|[+-]\\d{2}:\\d{2})"),
  /** TOML 1.0: an offset date-time with a space or a lower-case t/z: {@code 1979-05-27 07:32Z}. */
  RELAXED_DATE_TIME("date-time", Forms.DATE + "[Tt ]" + Forms.TIME + "([Zz]|[+-]\\d{2}:\\d{2})"),
  /** TOML 1.0: {@code 1979-05-27T07:32:00}, without an offset. */
  LOCAL_DATE_TIME("date-time", Forms.DATE + "[Tt ]" + Forms.TIME),
  /** TOML 1.0: {@code 1979-05-27}. */
  LOCAL_DATE("date-time", Forms.DATE),
  /** TOML 1.0: {@code 07:32:00}. */
  LOCAL_TIME("date-time", Forms.TIME),
  /** TOML 1.0: {@code 0xff}, {@code 0o17}, {@code 0b101}. */
  RADIX_INTEGER("integer", "[+-]?0[xob][0-9A-Za-z_]*"),
  /** TOML 1.0: {@code inf}, {@code -inf}, {@code nan}. */
  INF_OR_NAN("float", "[+-]?(inf|nan)"),
  /** A word that is no TOML value, most often a string without quotes ({@code adam}). */
  UNQUOTED_WORD("string", "[A-Za-z_][A-Za-z0-9_.-]*"),
  /** Malformed in some other way ({@code 1.}, {@code 1__0}); left for TOML4J to report. */
  UNKNOWN("unknown", null);

  // Constant strings, in a holder because enum constants cannot refer to the enum's own statics.
  private static final class Forms {
    static final String SIGN = "[+-]?";
    static final String DIGITS = "\\d(_?\\d)*";
    static final String DATE = "\\d{4}-\\d{2}-\\d{2}";
    static final String TIME = "\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?";
  }

  private static final Pattern TIME_START = Pattern.compile("\\d{2}:\\d{2}:\\d{2}.*");

  private final String typeName;
  private final Pattern form;

  ScalarKind(String typeName, String form) {
    this.typeName = typeName;
    this.form = form == null ? null : Pattern.compile(form);
  }

  /** The TOML type as users know it, for "mixes integer and float" messages. */
  String typeName() {
    return typeName;
  }

  /** Whether nclab's TOML 0.4 reader reads this kind as the user meant it. */
  boolean readable() {
    return this == STRING
        || this == INTEGER
        || this == FLOAT
        || this == BOOLEAN
        || this == OFFSET_DATE_TIME
        || this == UNKNOWN;
  }

  /** A local date that may be followed, after a space, by a time (TOML 1.0's date-time form). */
  static boolean isDate(String bare) {
    return LOCAL_DATE.form.matcher(bare).matches();
  }

  static boolean isTimeStart(String bare) {
    return TIME_START.matcher(bare).matches();
  }

  // What follows an escaped backslash to make TOML4J misread it; see MISREAD_ESCAPE.
  private static final String MISREAD_AFTER_BACKSLASH = "ntrbfu/\"";

  /** Classifies the content of a {@code "basic"} or {@code """multi-line basic"""} string. */
  static ScalarKind ofBasicString(String content) {
    for (int i = 0; i + 1 < content.length(); i++) {
      if (content.charAt(i) == '\\') {
        boolean escapedBackslash = content.charAt(i + 1) == '\\';
        boolean atEnd = i + 2 == content.length();
        if (escapedBackslash
            && (atEnd || MISREAD_AFTER_BACKSLASH.indexOf(content.charAt(i + 2)) >= 0)) {
          return MISREAD_ESCAPE;
        }
        i++; // skip the escaped character
      }
    }
    return STRING;
  }

  /** Classifies an unquoted value as written. */
  static ScalarKind ofBare(String text) {
    for (ScalarKind kind : values()) {
      if (kind.form != null && kind.form.matcher(text).matches()) {
        return kind;
      }
    }
    return UNKNOWN;
  }
}
