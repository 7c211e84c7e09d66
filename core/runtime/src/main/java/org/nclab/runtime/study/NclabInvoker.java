package org.nclab.runtime.study;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs one nclab command ({@code train}, {@code probe}, {@code rank}, {@code transfer}) to the end.
 * A study runs each step in its own process, so that a crash, a native abort or memory growth in
 * one run never takes the study or another run with it; tests substitute a fake.
 */
public interface NclabInvoker {
  /**
   * @param args the command line after {@code nclab}
   * @param log where the command's output goes (appended)
   * @return the exit code: 0 done, 1 the work did not finish, 2 bad input, 3 internal error
   */
  int run(List<String> args, Path log) throws InterruptedException;

  /** Whether this process is being stopped (a signal): no new command may start. */
  default boolean stopping() {
    return false;
  }
}
