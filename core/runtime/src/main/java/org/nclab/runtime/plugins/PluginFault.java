package org.nclab.runtime.plugins;

import java.security.CodeSource;
import org.nclab.api.Extension;
import org.nclab.api.UserException;

/**
 * A plugin that broke its contract at run time (threw, returned null, a tensor of the wrong type or
 * shape): a bad-input error (exit 2) that names the table, the extension, the plugin's jar and what
 * was wrong, rather than an internal error of nclab's.
 */
public final class PluginFault {
  private PluginFault() {}

  /**
   * @param table where the extension is configured: {@code regularizer[1]}
   * @param what what went wrong: {@code terms() threw IllegalStateException: boom}
   */
  public static UserException of(String table, Extension extension, String what, Throwable cause) {
    String message =
        table
            + ": "
            + extension.getClass().getSimpleName()
            + " ('"
            + safeId(extension)
            + "', "
            + origin(extension)
            + ") broke the extension contract: "
            + what
            + "; this is a fault of that plugin, not of the config: report it to its author, or"
            + " remove the table to train without it";
    return cause == null ? new UserException(message) : new UserException(message, cause);
  }

  /** {@code plugin jar /x/plugins/y.jar}, or {@code nclab's core} for a built-in. */
  static String origin(Object extension) {
    Class<?> type = extension.getClass();
    if (type.getClassLoader() == PluginFault.class.getClassLoader()) {
      return "nclab's core";
    }
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null
        ? "a plugin"
        : "plugin jar " + source.getLocation().getPath();
  }

  private static String safeId(Extension extension) {
    try {
      return extension.id();
    } catch (RuntimeException e) {
      return "?";
    }
  }
}
