package org.nclab.runtime.train;

import org.nclab.api.UserException;

/**
 * The objective became NaN or infinite. The step's update has already been applied, so the
 * weights in memory are no longer usable; the run stops and points at the last checkpoint.
 */
public final class NonFiniteLossException extends UserException {
  private static final long serialVersionUID = 1L;

  public NonFiniteLossException(long step, double loss) {
    super(
        "the loss became " + loss + " at training step " + step + "; the last checkpoint before it is"
            + " intact: lower train.learning_rate (or add warm-up, train.warmup_epochs) and continue"
            + " from it with 'nclab train CONFIG --resume --force'");
  }
}
