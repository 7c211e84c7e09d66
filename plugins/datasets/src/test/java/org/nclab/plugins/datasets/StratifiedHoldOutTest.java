package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;

class StratifiedHoldOutTest {
  private static final int[] SIZES = {1001, 1127, 991, 3, 1};

  @Test
  void testIndices_holdOutTheRoundedFractionOfEachClass() {
    int[][] test = StratifiedHoldOut.testIndices(SIZES, 0.2, 0);

    assertArrayEquals(
        new int[] {200, 225, 198, 1, 0},
        Arrays.stream(test).mapToInt(indices -> indices.length).toArray());
  }

  @Test
  void testIndices_areDistinctAscendingAndInRange() {
    int[][] test = StratifiedHoldOut.testIndices(SIZES, 0.5, 7);

    for (int k = 0; k < SIZES.length; k++) {
      for (int i = 0; i < test[k].length; i++) {
        assertTrue(test[k][i] >= 0 && test[k][i] < SIZES[k]);
        assertTrue(i == 0 || test[k][i] > test[k][i - 1], "ascending and distinct");
      }
    }
  }

  @Test
  void sameSeed_sameIndices_otherSeed_otherIndices() {
    assertTrue(
        Arrays.deepEquals(
            StratifiedHoldOut.testIndices(SIZES, 0.2, 3),
            StratifiedHoldOut.testIndices(SIZES, 0.2, 3)));
    assertFalse(
        Arrays.equals(
            StratifiedHoldOut.testIndices(SIZES, 0.2, 3)[0],
            StratifiedHoldOut.testIndices(SIZES, 0.2, 4)[0]));
  }

  @Test
  void aClassesPick_doesNotDependOnTheOtherClasses() {
    int[] otherSizes = SIZES.clone();
    otherSizes[1] = 17;

    assertArrayEquals(
        StratifiedHoldOut.testIndices(SIZES, 0.2, 3)[2],
        StratifiedHoldOut.testIndices(otherSizes, 0.2, 3)[2]);
  }

  @Test
  void zeroFraction_holdsOutNothing() {
    for (int[] indices : StratifiedHoldOut.testIndices(SIZES, 0, 1)) {
      assertEquals(0, indices.length);
    }
  }

  /** Every image lands in exactly one split, under its own label; images are told by content. */
  @Test
  void split_partitionsEveryClassByTheTestIndices() {
    ImageShape shape = new ImageShape(1, 2, 1);
    int[] sizes = {10, 7};
    float[][] classPixels = new float[sizes.length][];
    for (int k = 0; k < sizes.length; k++) {
      classPixels[k] = new float[sizes[k] * 2];
      for (int i = 0; i < sizes[k]; i++) {
        classPixels[k][2 * i] = k; // pixel 0: the class, pixel 1: the index within it
        classPixels[k][2 * i + 1] = i;
      }
    }

    Map<String, Split> splits = StratifiedHoldOut.split(classPixels, shape, 0.3, 5);

    int[][] test = StratifiedHoldOut.testIndices(sizes, 0.3, 5);
    Set<String> seen = new HashSet<>();
    for (String name : new String[] {"train", "test"}) {
      Split split = splits.get(name);
      float[] image = new float[2];
      for (int j = 0; j < split.size(); j++) {
        split.copyImage(j, image, 0);
        int k = (int) image[0];
        int i = (int) image[1];
        assertEquals(k, split.label(j));
        assertEquals(name.equals("test"), Arrays.binarySearch(test[k], i) >= 0, name + " " + i);
        assertTrue(seen.add(k + "/" + i), "twice: " + k + "/" + i);
      }
    }
    assertEquals(17, seen.size());
    assertEquals(3 + 2, splits.get("test").size());
  }
}
