package org.nclab.runtime.plugins;

/** Exceptions as short phrases for one-line messages. */
final class ExceptionText {

  private ExceptionText() {}

  /**
   * {@code IllegalStateException: no licence key}: the simple class name, because a user reads it,
   * and the message, because it usually says what went wrong.
   */
  static String describe(Throwable t) {
    if (t == null) {
      return "an unknown error";
    }
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
