package org.nclab.runtime.study;

/**
 * How one step of one variant went in this invocation of the study.
 *
 * @param step train, source-probe, downstream-NAME or transfer-NAME-METHOD
 * @param status done (ran now), reused (its output was there), failed, or skipped
 * @param attempts processes started (0 when reused or skipped)
 * @param message for failed and skipped steps: why, in one line (with the log to read)
 */
public record StepRecord(
    String variant, String step, String status, int attempts, String message, double seconds) {
  public static final String DONE = "done";
  public static final String REUSED = "reused";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";

  public boolean failed() {
    return FAILED.equals(status);
  }
}
