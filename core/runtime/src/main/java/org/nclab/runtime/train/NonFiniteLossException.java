package org.nclab.runtime.train;

import org.nclab.api.UserException;

/**
 * The objective or a gradient became NaN or infinite and {@code train.on_nonfinite} is "stop". The
 * graph's update guard kept every variable as it was, so the run stops with its weights intact
 * and points at the last checkpoint.
 */
public final class NonFiniteLossException extends UserException {
  private static final long serialVersionUID = 1L;

  public NonFiniteLossException(long step, double loss) {
    super(
        "the loss or a gradient became non-finite at training step " + step + " (loss " + loss
            + "); that step changed nothing and every checkpoint written so far is intact: lower"
            + " train.learning_rate (or add warm-up, train.warmup_epochs) and continue with"
            + " 'nclab train CONFIG --resume --force', or set train.on_nonfinite = \"skip\"");
  }
}
