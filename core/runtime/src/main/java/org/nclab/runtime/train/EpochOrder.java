package org.nclab.runtime.train;

import java.util.SplittableRandom;
import org.nclab.api.data.Chunking;
import org.nclab.api.data.Split;

/** The order examples are visited in: a permutation that depends only on the seed and epoch. */
public final class EpochOrder {
  private EpochOrder() {}

  /**
   * Fisher-Yates shuffle of 0..size-1 seeded by (seed, epoch), so resumed runs see the same data
   * order.
   */
  public static int[] shuffled(int size, long seed, int epoch) {
    int[] order = sequential(size);
    shuffle(order, 0, size, random(seed, epoch));
    return order;
  }

  /**
   * The epoch's order for {@code split}: {@link #shuffled} for a split in memory; for a chunked
   * split, chunks in shuffled order, and the examples of each window of {@link
   * Chunking#chunksInMemory()} consecutive chunks shuffled among themselves, so the split holds
   * only the chunks of the current window (see {@link Chunking}).
   */
  public static int[] forSplit(Split split, long seed, int epoch) {
    Chunking chunking = split.chunking();
    int size = split.size();
    if (!chunking.isChunked() || chunking.chunkSize() >= size) {
      return shuffled(size, seed, epoch);
    }
    int chunkSize = chunking.chunkSize();
    int chunks = (size + chunkSize - 1) / chunkSize;
    SplittableRandom random = random(seed, epoch);
    int[] chunkOrder = sequential(chunks);
    shuffle(chunkOrder, 0, chunks, random);
    int[] order = new int[size];
    int filled = 0;
    for (int first = 0; first < chunks; first += chunking.chunksInMemory()) {
      int windowStart = filled;
      for (int c = first; c < Math.min(chunks, first + chunking.chunksInMemory()); c++) {
        int from = chunkOrder[c] * chunkSize;
        for (int index = from; index < Math.min(size, from + chunkSize); index++) {
          order[filled++] = index;
        }
      }
      shuffle(order, windowStart, filled, random);
    }
    return order;
  }

  private static SplittableRandom random(long seed, int epoch) {
    return new SplittableRandom(seed * 1_000_003L + epoch);
  }

  /** Fisher-Yates over {@code order[from..to)}. */
  private static void shuffle(int[] order, int from, int to, SplittableRandom random) {
    for (int i = to - 1; i > from; i--) {
      int j = from + random.nextInt(i - from + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  public static int[] sequential(int size) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    return order;
  }
}
