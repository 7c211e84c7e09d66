package org.nclab.api.options;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated option values of one use of an extension: every declared option is present
 * (defaults applied), typed as its {@link OptionSpec} says. Immutable.
 *
 * <p>Asking for an option the extension did not declare, or with the wrong type, is a bug in the
 * extension and throws {@link IllegalArgumentException}.
 */
public final class Options {
  private final String owner;
  private final Map<String, Object> values;

  /**
   * @param owner what these options belong to, for messages ("dataset 'idx'")
   * @param values option name to value, already coerced by {@link OptionSpec#coerce}
   */
  public Options(String owner, Map<String, Object> values) {
    this.owner = owner;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Builds options from specs' defaults overlaid with {@code given}; for tests and tools. */
  public static Options withDefaults(String owner, List<OptionSpec> specs, Map<String, ?> given) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (OptionSpec spec : specs) {
      Object raw = given.containsKey(spec.name()) ? given.get(spec.name()) : spec.defaultValue();
      if (raw == null) {
        throw new IllegalArgumentException(
            owner + ": required option '" + spec.name() + "' missing");
      }
      Object value = spec.coerce(raw);
      if (value instanceof OptionSpec.Invalid invalid) {
        throw new IllegalArgumentException(owner + "." + spec.name() + ": " + invalid.reason());
      }
      values.put(spec.name(), value);
    }
    for (String key : given.keySet()) {
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException(owner + ": unknown option '" + key + "'");
      }
    }
    return new Options(owner, values);
  }

  /** What these options belong to, as messages name it ({@code dataset 'idx'}). */
  public String owner() {
    return owner;
  }

  /** All values in declaration order, for writing the resolved config back. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** The value of an {@link OptionType#INT} option. */
  public int getInt(String name) {
    return get(name, Integer.class);
  }

  /** The value of an {@link OptionType#DOUBLE} option (TOML integers arrive as doubles too). */
  public double getDouble(String name) {
    return get(name, Double.class);
  }

  /** The value of an {@link OptionType#BOOL} option. */
  public boolean getBool(String name) {
    return get(name, Boolean.class);
  }

  /** The value of an {@link OptionType#STRING} option, one of its choices if it declares any. */
  public String getString(String name) {
    return get(name, String.class);
  }

  /** The value of an {@link OptionType#PATH} option, resolved against the config file's folder. */
  public Path getPath(String name) {
    return get(name, Path.class);
  }

  /** The value of an {@link OptionType#INT_LIST} option (unmodifiable). */
  @SuppressWarnings("unchecked")
  public List<Integer> getIntList(String name) {
    return get(name, List.class);
  }

  /** The value of an {@link OptionType#DOUBLE_LIST} option (unmodifiable). */
  @SuppressWarnings("unchecked")
  public List<Double> getDoubleList(String name) {
    return get(name, List.class);
  }

  /** The value of a {@link OptionType#STRING_LIST} option (unmodifiable). */
  @SuppressWarnings("unchecked")
  public List<String> getStringList(String name) {
    return get(name, List.class);
  }

  private <T> T get(String name, Class<T> type) {
    Object value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          owner + " declares no option '" + name + "'; declared: " + values.keySet());
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          owner
              + " option '"
              + name
              + "' is a "
              + value.getClass().getSimpleName()
              + ", not a "
              + type.getSimpleName());
    }
    return type.cast(value);
  }

  /** Equal when they belong to the same owner and hold equal values. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Options that && owner.equals(that.owner) && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return 31 * owner.hashCode() + values.hashCode();
  }

  @Override
  public String toString() {
    return owner + values;
  }
}
