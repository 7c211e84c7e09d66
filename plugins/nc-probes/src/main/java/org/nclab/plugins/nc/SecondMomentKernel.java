package org.nclab.plugins.nc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hot spot of every NC probe: the symmetric rank-n update S += Yᵀ Y of a d×d float64 second
 * moment by a block of n rows Y (n×d), upper triangle only.
 *
 * <p>For N = 60,000 rows of d = 512 that is N·d²/2 ≈ 7.9 G multiply-adds. Measured on this
 * project's 2-core machines while they were quiet (docs/nc-probes.md has the table): a plain
 * row-by-row loop takes 3.5 s; the same loop over one flat array, tiled, 1.9 s (C2 barely
 * vectorises it); TensorFlow's float64 MatMul, fed batch by batch, 0.6 to 0.7 s on both cores (it
 * has no symmetric product, so it does twice the work); EJML 4 to 11 s. This kernel: about 0.5 s on
 * one core, 0.3 s on two. What makes the difference, each measured:
 *
 * <ul>
 *   <li>One array per row (of Y and of S) and one loop index for all of them: C2's superword pass
 *       then vectorises the inner loop (turning it off with -XX:-UseSuperWord costs 2.4 times);
 *       offsets into one flat array defeat it.
 *   <li>{@link Math#fma} chains, four rows of Y per pass: S is loaded and stored once per four
 *       multiply-adds instead of once per one. Eight rows were twice as slow (C2 stops
 *       vectorising).
 *   <li>Two rows of S per pass, sharing the four loads of Y (8% over one row).
 *   <li>Tiles of {@value #TILE_ROWS} rows × {@value #TILE_COLS} columns of S, which stay in L2
 *       while every row of the block streams past.
 *   <li>The rows of S split into one contiguous range per thread, with equal numbers of upper
 *       triangle entries: threads never write the same entry, so no locks, and every entry gets its
 *       terms in the same order whatever the thread count (results are bit-for-bit the same on 1 or
 *       2 threads).
 * </ul>
 *
 * <p>Accumulation is float64 throughout (each FMA rounds once, to double).
 */
final class SecondMomentKernel {
  static final int TILE_ROWS = 64;
  static final int TILE_COLS = 512;

  /** Rows of Y consumed per pass of the micro-kernel; blocks are padded with zero rows to this. */
  static final int ROW_GROUP = 4;

  private final int dim;
  private final KernelThreads threads;

  /** Thread t owns rows [bounds[t], bounds[t + 1]) of S. */
  private final int[] bounds;

  SecondMomentKernel(int dim, KernelThreads threads) {
    this.dim = dim;
    this.threads = threads;
    this.bounds = equalWorkBounds(dim, threads.count());
  }

  /**
   * Splits rows [0, dim) of an upper triangle into {@code parts} contiguous ranges holding about
   * the same number of entries (row i holds dim - i of them); never more parts than rows.
   */
  static int[] equalWorkBounds(int dim, int parts) {
    int used = Math.max(1, Math.min(parts, dim));
    int[] bounds = new int[used + 1];
    double total = dim * (dim + 1) / 2.0;
    int row = 0;
    double done = 0;
    for (int part = 1; part < used; part++) {
      double target = total * part / used;
      // Take the next row while more than half of it falls before the target.
      while (row < dim && done + (dim - row) / 2.0 < target) {
        done += dim - row;
        row++;
      }
      bounds[part] = row;
    }
    bounds[used] = dim;
    return bounds;
  }

  /**
   * Adds Σ_b rows[b][i]·rows[b][j] to upper[i][j] for every j ≥ i, over the first {@code count}
   * rows. Rows count up to the next multiple of {@value #ROW_GROUP} are overwritten with zeros
   * (they add nothing), so {@code rows} must have that many.
   */
  void accumulate(double[][] rows, int count, double[][] upper) {
    if (count == 0) {
      return;
    }
    int padded = (count + ROW_GROUP - 1) / ROW_GROUP * ROW_GROUP;
    for (int b = count; b < padded; b++) {
      Arrays.fill(rows[b], 0.0);
    }
    List<Runnable> tasks = new ArrayList<>(bounds.length - 1);
    for (int t = 0; t + 1 < bounds.length; t++) {
      int from = bounds[t];
      int to = bounds[t + 1];
      tasks.add(() -> accumulateRows(rows, padded, upper, from, to));
    }
    threads.runAll(tasks);
  }

  private void accumulateRows(double[][] rows, int padded, double[][] upper, int from, int to) {
    for (int i0 = from; i0 < to; i0 += TILE_ROWS) {
      int i1 = Math.min(to, i0 + TILE_ROWS);
      for (int j0 = i0; j0 < dim; j0 += TILE_COLS) {
        int j1 = Math.min(dim, j0 + TILE_COLS);
        tile(rows, padded, upper, i0, i1, j0, j1);
      }
    }
  }

  /**
   * Every row of the block into the tile rows [i0, i1) × columns [j0, j1) of S, upper part only,
   * four rows of Y at a time. The loop over rows must stay inside this method: with it in the
   * caller (one call per four rows) C2 stopped vectorising the inner loop, 2.5 times slower.
   */
  private static void tile(
      double[][] rows, int padded, double[][] upper, int i0, int i1, int j0, int j1) {
    for (int b = 0; b < padded; b += ROW_GROUP) {
      double[] y0 = rows[b];
      double[] y1 = rows[b + 1];
      double[] y2 = rows[b + 2];
      double[] y3 = rows[b + 3];
      int i = i0;
      for (; i + 2 <= i1; i += 2) {
        double a0 = y0[i], a1 = y1[i], a2 = y2[i], a3 = y3[i];
        double c0 = y0[i + 1], c1 = y1[i + 1], c2 = y2[i + 1], c3 = y3[i + 1];
        double[] first = upper[i];
        double[] second = upper[i + 1];
        int start = Math.max(i, j0);
        if (start == i && i < j1) {
          // The diagonal entry of the first row; from here both rows need the same columns.
          first[i] = fma4(a0, a1, a2, a3, y0[i], y1[i], y2[i], y3[i], first[i]);
          start++;
        }
        for (int j = start; j < j1; j++) {
          double x0 = y0[j], x1 = y1[j], x2 = y2[j], x3 = y3[j];
          first[j] =
              Math.fma(a3, x3, Math.fma(a2, x2, Math.fma(a1, x1, Math.fma(a0, x0, first[j]))));
          second[j] =
              Math.fma(c3, x3, Math.fma(c2, x2, Math.fma(c1, x1, Math.fma(c0, x0, second[j]))));
        }
      }
      if (i < i1) {
        double a0 = y0[i], a1 = y1[i], a2 = y2[i], a3 = y3[i];
        double[] row = upper[i];
        for (int j = Math.max(i, j0); j < j1; j++) {
          row[j] = fma4(a0, a1, a2, a3, y0[j], y1[j], y2[j], y3[j], row[j]);
        }
      }
    }
  }

  /** acc + a0·x0 + a1·x1 + a2·x2 + a3·x3, one rounding per term (the inner loops spell it out). */
  private static double fma4(
      double a0,
      double a1,
      double a2,
      double a3,
      double x0,
      double x1,
      double x2,
      double x3,
      double acc) {
    return Math.fma(a3, x3, Math.fma(a2, x2, Math.fma(a1, x1, Math.fma(a0, x0, acc))));
  }
}
