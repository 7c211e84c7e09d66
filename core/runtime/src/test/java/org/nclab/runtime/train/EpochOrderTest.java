package org.nclab.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nclab.api.data.Chunking;
import org.nclab.api.data.Split;

class EpochOrderTest {

  @Test
  void aSplitInMemory_getsThePlainShuffle() {
    assertArrayEquals(
        EpochOrder.shuffled(50, 3, 2), EpochOrder.forSplit(split(50, Chunking.NONE), 3, 2));
  }

  @Test
  void aChunkedSplit_isVisitedWindowByWindow_eachExampleOnce() {
    int size = 103;
    Chunking chunking = new Chunking(10, 3); // 11 chunks, the last one of 3
    int[] order = EpochOrder.forSplit(split(size, chunking), 7, 1);

    int[] sorted = order.clone();
    Arrays.sort(sorted);
    assertArrayEquals(EpochOrder.sequential(size), sorted);
    // Consecutive runs of the order touch at most chunksInMemory chunks: a window at a time.
    Set<Integer> chunksOfWindow = new HashSet<>();
    int windows = 0;
    for (int i = 0; i < order.length; i++) {
      chunksOfWindow.add(order[i] / 10);
      boolean windowEnds =
          i == order.length - 1
              || chunksOfWindow.size() == 3 && !chunksOfWindow.contains(order[i + 1] / 10);
      if (windowEnds) {
        assertTrue(chunksOfWindow.size() <= 3);
        chunksOfWindow.clear();
        windows++;
      }
    }
    assertEquals(4, windows); // 11 chunks in windows of 3
    assertFalse(Arrays.equals(EpochOrder.sequential(size), order));
  }

  @Test
  void chunkedOrder_dependsOnlyOnSeedAndEpoch() {
    Chunking chunking = new Chunking(4, 2);
    assertArrayEquals(
        EpochOrder.forSplit(split(40, chunking), 5, 3),
        EpochOrder.forSplit(split(40, chunking), 5, 3));
    assertFalse(
        Arrays.equals(
            EpochOrder.forSplit(split(40, chunking), 5, 3),
            EpochOrder.forSplit(split(40, chunking), 5, 4)));
  }

  private static Split split(int size, Chunking chunking) {
    return new Split() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public int label(int index) {
        return 0;
      }

      @Override
      public void copyImage(int index, float[] dst, int offset) {}

      @Override
      public Chunking chunking() {
        return chunking;
      }
    };
  }
}
