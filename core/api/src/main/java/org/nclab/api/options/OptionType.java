package org.nclab.api.options;

/** The value types an option can take, as written in TOML. */
public enum OptionType {
  INT("integer"),
  DOUBLE("number"),
  BOOL("boolean"),
  STRING("string"),
  /** A string naming a file or folder; relative paths resolve against the config file's folder. */
  PATH("path"),
  INT_LIST("array of integers"),
  DOUBLE_LIST("array of numbers"),
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
