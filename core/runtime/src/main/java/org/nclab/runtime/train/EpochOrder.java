package org.nclab.runtime.train;

import java.util.SplittableRandom;

/** The order examples are visited in: a permutation that depends only on the seed and epoch. */
public final class EpochOrder {
  private EpochOrder() {}

  /** Fisher-Yates shuffle of 0..size-1 seeded by (seed, epoch), so resumed runs see the same data order. */
  public static int[] shuffled(int size, long seed, int epoch) {
    int[] order = sequential(size);
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  public static int[] sequential(int size) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    return order;
  }
}
