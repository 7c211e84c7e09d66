package org.nclab.runtime.plugins;

/**
 * Why one plugin archive cannot be used: thrown by the checks a plugin must pass, caught by {@link
 * PluginHost}, which records a {@link RefusedPlugin} and carries on with the others.
 *
 * <p>The reason says what is wrong and what to do, but not which jar: the host adds that.
 */
final class PluginRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  PluginRefusedException(String reason) {
    super(reason);
  }

  String reason() {
    return getMessage();
  }
}
