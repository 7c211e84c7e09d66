package org.nclab.runtime.run;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is ending the JVM, asked from a shutdown hook: the first frame outside {@code java.*} of a
 * thread inside {@code Runtime.exit} (what {@code System.exit} calls). A signal (Ctrl-C, SIGTERM)
 * ends the JVM through {@code Shutdown.exit} without {@code Runtime.exit}, so it names nobody;
 * {@code Runtime.halt} runs no hook at all, so it cannot be named.
 */
final class ExitCaller {
  private ExitCaller() {}

  /** {@code org.example.Reg.terms(Reg.java:12)}, or empty when no code called System.exit. */
  static Optional<String> find() {
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      List<StackTraceElement> frames = Arrays.asList(thread.getValue());
      int exit = -1;
      for (int i = 0; i < frames.size(); i++) {
        if (frames.get(i).getClassName().equals("java.lang.Runtime")
            && frames.get(i).getMethodName().equals("exit")) {
          exit = i;
        }
      }
      if (exit < 0) {
        continue;
      }
      for (StackTraceElement frame : frames.subList(exit + 1, frames.size())) {
        if (!frame.getClassName().startsWith("java.")) {
          return Optional.of(frame.toString());
        }
      }
    }
    return Optional.empty();
  }
}
