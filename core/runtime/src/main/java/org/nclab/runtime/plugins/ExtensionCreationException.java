package org.nclab.runtime.plugins;

import org.pf4j.PluginRuntimeException;

/**
 * An extension class could not be instantiated. PF4J's own factory wraps the failure and its
 * manager logs and drops the extension; this one carries the problem in plain words so that the
 * host can refuse the plugin with a message that says what broke.
 */
final class ExtensionCreationException extends PluginRuntimeException {
  private static final long serialVersionUID = 1L;

  private final String problem;

  ExtensionCreationException(Class<?> extensionClass, String problem, Throwable cause) {
    super(cause, "Cannot create extension {}: {}", extensionClass.getName(), problem);
    this.problem = problem;
  }

  /** E.g. {@code its constructor threw IllegalStateException: no licence key}. */
  String problem() {
    return problem;
  }
}
