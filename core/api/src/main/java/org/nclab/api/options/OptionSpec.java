package org.nclab.api.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One option an extension (or a core config section) accepts: its name, type, default, allowed
 * range or choices, and a one-line doc. Specs are immutable; the fluent methods return copies:
 *
 * <pre>{@code
 * OptionSpec.integer("epochs", "passes over the training split").defaultValue(3).range(1, 100_000)
 * }</pre>
 *
 * <p>{@link #coerce(Object)} turns a value parsed from TOML into the Java type that {@link Options}
 * hands out, or explains why it cannot.
 */
public record OptionSpec(
    String name,
    OptionType type,
    Object defaultValue,
    Double min,
    Double max,
    List<String> choices,
    String doc) {

  /** Requires a name, a type and a doc; prefer the factories below to this constructor. */
  public OptionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    choices = List.copyOf(choices);
  }

  /**
   * A required option of any type, without range or choices; add them with the fluent methods.
   *
   * @param name the TOML key, lower case with underscores ({@code num_classes})
   * @param type what the value must be
   * @param doc one line for {@code nclab describe}: what it does, in which unit
   */
  public static OptionSpec of(String name, OptionType type, String doc) {
    return new OptionSpec(name, type, null, null, null, List.of(), doc);
  }

  /** A required {@link OptionType#INT} option; see {@link #of}. */
  public static OptionSpec integer(String name, String doc) {
    return of(name, OptionType.INT, doc);
  }

  /** A required {@link OptionType#DOUBLE} option; see {@link #of}. */
  public static OptionSpec number(String name, String doc) {
    return of(name, OptionType.DOUBLE, doc);
  }

  /** A required {@link OptionType#BOOL} option; see {@link #of}. */
  public static OptionSpec bool(String name, String doc) {
    return of(name, OptionType.BOOL, doc);
  }

  /** A required {@link OptionType#STRING} option; see {@link #of}. */
  public static OptionSpec string(String name, String doc) {
    return of(name, OptionType.STRING, doc);
  }

  /** A required {@link OptionType#PATH} option; see {@link #of}. */
  public static OptionSpec path(String name, String doc) {
    return of(name, OptionType.PATH, doc);
  }

  /** A copy with this default; an option without a default is required. */
  public OptionSpec defaultValue(Object value) {
    OptionSpec probe = new OptionSpec(name, type, null, min, max, choices, doc);
    Object coerced = probe.coerce(value);
    if (coerced instanceof Invalid invalid) {
      throw new IllegalArgumentException("default of option '" + name + "': " + invalid.reason());
    }
    return new OptionSpec(name, type, coerced, min, max, choices, doc);
  }

  /** A copy that accepts numbers (or every element of a numeric list) in [min, max]. */
  public OptionSpec range(double min, double max) {
    return new OptionSpec(name, type, defaultValue, min, max, choices, doc);
  }

  /** A copy that accepts only these strings. */
  public OptionSpec oneOf(String... allowed) {
    return new OptionSpec(name, type, defaultValue, min, max, List.of(allowed), doc);
  }

  /** Whether a table must give this option: true when it has no default. */
  public boolean required() {
    return defaultValue == null;
  }

  /** The one string an {@link OptionType#INT_OR_AUTO} option accepts besides integers. */
  public static final String AUTO = "auto";

  /** Why a value was refused; returned by {@link #coerce} instead of throwing. */
  public record Invalid(String reason) {}

  /**
   * Converts a value as TOML4J parses it (Long, Double, Boolean, String, List) to this option's
   * Java type (Integer, Double, Boolean, String, Path, List), or returns an {@link Invalid} saying
   * what was expected. Paths are returned unresolved; the runtime resolves them against the config
   * file's folder.
   */
  public Object coerce(Object raw) {
    switch (type) {
      case INT:
        return checkRange(toInt(raw));
      case DOUBLE:
        return checkRange(toDouble(raw));
      case INT_OR_AUTO:
        return AUTO.equals(raw)
            ? AUTO
            : raw instanceof String ? expected(raw) : checkRange(toInt(raw));
      case BOOL:
        return raw instanceof Boolean ? raw : expected(raw);
      case STRING:
        if (!(raw instanceof String s)) {
          return expected(raw);
        }
        if (!choices.isEmpty() && !choices.contains(s)) {
          return new Invalid("got \"" + s + "\", expected one of " + choices);
        }
        return s;
      case PATH:
        if (raw instanceof Path path) {
          return path; // a default, already coerced
        }
        if (!(raw instanceof String s) || s.isBlank()) {
          return expected(raw);
        }
        return Path.of(s);
      case INT_LIST:
      case DOUBLE_LIST:
      case STRING_LIST:
        return coerceList(raw);
      default:
        throw new AssertionError(type);
    }
  }

  private Object coerceList(Object raw) {
    if (!(raw instanceof List<?> list)) {
      return expected(raw);
    }
    OptionType elementType =
        switch (type) {
          case INT_LIST -> OptionType.INT;
          case DOUBLE_LIST -> OptionType.DOUBLE;
          default -> OptionType.STRING;
        };
    OptionSpec element = new OptionSpec(name, elementType, null, min, max, choices, doc);
    List<Object> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Object value = element.coerce(list.get(i));
      if (value instanceof Invalid invalid) {
        return new Invalid("element " + i + ": " + invalid.reason());
      }
      out.add(value);
    }
    return List.copyOf(out);
  }

  private Object toInt(Object raw) {
    if (raw instanceof Long || raw instanceof Integer) {
      long value = ((Number) raw).longValue();
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        return new Invalid("got " + value + ", which does not fit a 32-bit integer");
      }
      return (int) value;
    }
    return expected(raw);
  }

  private Object toDouble(Object raw) {
    // TOML writes 1 and 1.0 differently; a user who writes lr = 1 means the number one.
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    return expected(raw);
  }

  private Object checkRange(Object value) {
    if (value instanceof Number n) {
      double v = n.doubleValue();
      if (Double.isNaN(v) || (min != null && v < min) || (max != null && v > max)) {
        return new Invalid("got " + value + ", expected a value in " + rangeText());
      }
    }
    return value;
  }

  private Invalid expected(Object raw) {
    String got = raw instanceof String ? "\"" + raw + "\"" : raw + " (" + describeType(raw) + ")";
    return new Invalid("got " + got + ", expected " + articled(type.tomlName()));
  }

  private static String articled(String noun) {
    return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }

  private static String describeType(Object raw) {
    if (raw instanceof Long || raw instanceof Integer) {
      return "integer";
    }
    if (raw instanceof Double) {
      return "number";
    }
    if (raw instanceof Boolean) {
      return "boolean";
    }
    if (raw instanceof List) {
      return "array";
    }
    if (raw instanceof Map) {
      return "table";
    }
    return raw == null ? "nothing" : raw.getClass().getSimpleName();
  }

  /** "[1, 100]", "[0, inf)" and the like, for messages and {@code nclab describe}. */
  public String rangeText() {
    String lo = min == null ? "(-inf" : "[" + format(min);
    String hi = max == null ? "inf)" : format(max) + "]";
    return lo + ", " + hi;
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
