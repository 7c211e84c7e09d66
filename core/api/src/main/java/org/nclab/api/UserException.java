package org.nclab.api;

/**
 * A problem the user can fix: a bad config value, a broken data file, a missing path.
 *
 * <p>The launcher prints {@link #getMessage()} as one line with no stack trace (unless {@code
 * --debug}), so the message must say what is wrong, where (file, key or offset) and what to do.
 * Throw it from extensions for bad input; throw ordinary exceptions for bugs.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line: what is wrong, where, and what to do
   */
  public UserException(String message) {
    super(message);
  }

  /**
   * @param message one line: what is wrong, where, and what to do
   * @param cause the underlying failure, shown with {@code --debug}
   */
  public UserException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Builds "WHAT (at WHERE); FIX" so that every user-facing line has the same shape. */
  public static UserException of(String what, String where, String fix) {
    return new UserException(what + " (" + where + "); " + fix);
  }
}
