package org.nclab.runtime.train;

import org.nclab.api.UserException;

/**
 * The objective or a gradient became NaN or infinite and {@code train.on_nonfinite} is "stop". The
 * graph's update guard kept every variable as it was, so the run stops with its weights intact and
 * points at the last checkpoint.
 */
public final class NonFiniteLossException extends UserException {
  private static final long serialVersionUID = 1L;

  public NonFiniteLossException(long step, double loss) {
    this(step, loss, "");
  }

  /**
   * @param firstTerm the first loss term that was not finite ("loss/x = NaN"), or empty
   */
  public NonFiniteLossException(long step, double loss, String firstTerm) {
    super(
        "the loss or a gradient became non-finite at training step "
            + step
            + " (loss "
            + loss
            + (firstTerm.isEmpty()
                ? ", every loss term finite: a gradient"
                : "; first non-finite term " + firstTerm)
            + "); that step changed nothing and every checkpoint written so far is intact: lower"
            + " train.learning_rate (or add warm-up, train.warmup_epochs) and continue with"
            + " 'nclab train CONFIG --resume --force', or set train.on_nonfinite = \"skip\"");
  }
}
