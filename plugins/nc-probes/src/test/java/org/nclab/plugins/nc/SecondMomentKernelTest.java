package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nclab.plugins.nc.TestAsserts.assertMatrixRelative;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecondMomentKernelTest {

  /** Odd sizes: tails of the 2-row pairs, the 4-row groups and the tiles all get exercised. */
  @ParameterizedTest
  @CsvSource({"1, 1, 1", "3, 5, 1", "7, 13, 2", "65, 37, 2", "130, 9, 3", "600, 21, 2"})
  void matchesThePlainSumOfOuterProducts(int dim, int count, int threadCount) {
    Random random = new Random(dim * 31L + count);
    double[][] rows = new double[count + SecondMomentKernel.ROW_GROUP][dim];
    for (int b = 0; b < count; b++) {
      for (int k = 0; k < dim; k++) {
        rows[b][k] = random.nextGaussian();
      }
    }
    double[][] expected = new double[dim][dim];
    for (int b = 0; b < count; b++) {
      for (int i = 0; i < dim; i++) {
        for (int j = i; j < dim; j++) {
          expected[i][j] += rows[b][i] * rows[b][j];
        }
      }
    }
    double[][] upper = new double[dim][dim];
    try (KernelThreads threads = KernelThreads.of(threadCount)) {
      new SecondMomentKernel(dim, threads).accumulate(rows, count, upper);
    }
    assertMatrixRelative(expected, upper, 1e-14, "S");
  }

  @Test
  void resultDoesNotDependOnTheThreadCount() {
    int dim = 300;
    Random random = new Random(5);
    double[][] rows = new double[64][dim];
    for (double[] row : rows) {
      for (int k = 0; k < dim; k++) {
        row[k] = random.nextGaussian();
      }
    }
    double[][] one = new double[dim][dim];
    double[][] three = new double[dim][dim];
    try (KernelThreads single = KernelThreads.single();
        KernelThreads several = KernelThreads.of(3)) {
      new SecondMomentKernel(dim, single).accumulate(rows, 61, one);
      new SecondMomentKernel(dim, several).accumulate(rows, 61, three);
    }
    for (int i = 0; i < dim; i++) {
      assertArrayEquals(one[i], three[i], 0.0, "row " + i);
    }
  }

  @Test
  void equalWorkBounds_splitTheTriangleEvenly() {
    int[] bounds = SecondMomentKernel.equalWorkBounds(512, 2);
    assertEquals(0, bounds[0]);
    assertEquals(512, bounds[2]);
    long first = 0;
    for (int i = bounds[0]; i < bounds[1]; i++) {
      first += 512 - i;
    }
    long total = 512L * 513 / 2;
    assertEquals(0.5, (double) first / total, 0.01);
    assertArrayEquals(new int[] {0, 3}, SecondMomentKernel.equalWorkBounds(3, 1));
    assertArrayEquals(new int[] {0, 1, 2}, SecondMomentKernel.equalWorkBounds(2, 8));
  }
}
