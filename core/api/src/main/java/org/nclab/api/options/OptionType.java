package org.nclab.api.options;

/** The value types an option can take, as written in TOML. */
public enum OptionType {
  /** A 32-bit integer; handed out as {@code Integer}. */
  INT("integer"),
  /** A number, integers accepted; handed out as {@code Double}. */
  DOUBLE("number"),
  /** {@code true} or {@code false}. */
  BOOL("boolean"),
  /** A string, optionally restricted to {@link OptionSpec#oneOf choices}. */
  STRING("string"),
  /** A string naming a file or folder; relative paths resolve against the config file's folder. */
  PATH("path"),
  /**
   * A count (an integer, checked against the range) or the string {@code "auto"}: {@code
   * run.replicas}.
   */
  INT_OR_AUTO("integer or \"auto\""),
  /** An array of integers, each checked against the range. */
  INT_LIST("array of integers"),
  /** An array of numbers, each checked against the range. */
  DOUBLE_LIST("array of numbers"),
  /** An array of strings, each checked against the choices. */
  STRING_LIST("array of strings");

  private final String tomlName;

  OptionType(String tomlName) {
    this.tomlName = tomlName;
  }

  /** How the type is named to users ("array of integers"). */
  public String tomlName() {
    return tomlName;
  }
}
