package org.nclab.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Every schedule, with and without warm-up, at every step of a short run (the trainer asks for the
 * rate at epoch progress {@code epoch - 1 + batch / stepsPerEpoch}), against the closed forms of
 * the papers, written per step here: linear warm-up from 0 (Goyal et al. 2017), step decay, and
 * cosine annealing to 0 without restarts after the warm-up (Loshchilov and Hutter, SGDR).
 */
class ScheduleReferenceTest {
  private static final int STEPS_PER_EPOCH = 7;
  private static final int EPOCHS = 6;
  private static final double BASE = 0.1;

  @Test
  void constantWithoutWarmup() {
    check(new LearningRateSchedule("constant", BASE, 0, EPOCHS, List.of(), 1), step -> BASE);
  }

  @Test
  void constantWithWarmup() {
    double warmup = 1.5;
    check(
        new LearningRateSchedule("constant", BASE, warmup, EPOCHS, List.of(), 1),
        step -> progress(step) < warmup ? BASE * progress(step) / warmup : BASE);
  }

  @Test
  void stepDecayWithWarmup() {
    double warmup = 0.5;
    check(
        new LearningRateSchedule("step", BASE, warmup, EPOCHS, List.of(2, 4), 0.1),
        step -> {
          double p = progress(step);
          if (p < warmup) {
            return BASE * p / warmup;
          }
          return p < 2 ? BASE : p < 4 ? BASE * 0.1 : BASE * 0.01;
        });
  }

  @Test
  void stepDecayWithoutWarmup() {
    check(
        new LearningRateSchedule("step", BASE, 0, EPOCHS, List.of(3), 0.5),
        step -> progress(step) < 3 ? BASE : BASE * 0.5);
  }

  @Test
  void cosineWithWarmup() {
    double warmup = 1;
    check(
        new LearningRateSchedule("cosine", BASE, warmup, EPOCHS, List.of(), 1),
        step -> {
          double p = progress(step);
          if (p < warmup) {
            return BASE * p / warmup;
          }
          double tCur = p - warmup;
          double tMax = EPOCHS - warmup;
          return 0.5 * BASE * (1 + Math.cos(Math.PI * tCur / tMax));
        });
  }

  @Test
  void cosineWithoutWarmupReachesZeroAtTheEnd() {
    LearningRateSchedule schedule =
        new LearningRateSchedule("cosine", BASE, 0, EPOCHS, List.of(), 1);
    check(schedule, step -> 0.5 * BASE * (1 + Math.cos(Math.PI * progress(step) / EPOCHS)));
    assertTrue(Math.abs(schedule.rateAt(EPOCHS)) < 1e-15, "cosine ends at 0");
  }

  private static double progress(int step) {
    return step / (double) STEPS_PER_EPOCH;
  }

  private static void check(LearningRateSchedule schedule, IntToDoubleFunction reference) {
    for (int step = 0; step < EPOCHS * STEPS_PER_EPOCH; step++) {
      double want = reference.applyAsDouble(step);
      double got = schedule.rateAt(progress(step));
      double error = want == 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
      assertTrue(
          error <= 1e-12,
          String.format(
              "%s at step %d (epoch progress %.4f): %.12g, reference %.12g",
              schedule.kind(), step, progress(step), got, want));
    }
  }
}
