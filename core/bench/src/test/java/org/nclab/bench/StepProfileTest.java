package org.nclab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time when some op ran: the union of the ops' intervals, worked out by hand. */
class StepProfileTest {

  @Test
  void overlappingNestedAndTouchingIntervalsCountOnce() {
    // [0, 10) and [5, 12) overlap: 12; [20, 30) holds [22, 25): 10; [30, 31) touches: 1.
    List<long[]> intervals =
        new ArrayList<>(
            List.of(
                new long[] {22, 25},
                new long[] {5, 12},
                new long[] {30, 31},
                new long[] {0, 10},
                new long[] {20, 30}));
    assertEquals(12 + 10 + 1, StepProfile.union(intervals));
  }

  @Test
  void noIntervalsCoverNothingAndOneCoversItsLength() {
    assertEquals(0, StepProfile.union(new ArrayList<>()));
    assertEquals(7, StepProfile.union(new ArrayList<>(List.of(new long[] {100, 107}))));
  }
}
