package org.nclab.runtime.cli;

/** The {@code nclab} launcher's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    JavaStderr.install();
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; used by tests without exiting the JVM. */
  public static int run(String... args) {
    return NclabCommand.commandLine(System.out, System.err).execute(args);
  }
}
