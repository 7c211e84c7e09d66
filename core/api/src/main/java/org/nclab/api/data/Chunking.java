package org.nclab.api.data;

/**
 * How a split that streams from disk wants to be visited: its examples are stored in runs of {@code
 * chunkSize} consecutive indices, and it holds {@code chunksInMemory} such runs at once. Reading
 * inside the chunks it holds is cheap; touching another chunk costs a read from disk.
 *
 * <p>The trainer honours it by shuffling chunk order and then examples within windows of {@code
 * chunksInMemory} chunks (the shuffle buffer of tf.data, without copying): every epoch still visits
 * every example once, in an order that depends only on the seed and the epoch, and each chunk is
 * read from disk once per epoch.
 *
 * @param chunkSize consecutive indices stored together, at least 1
 * @param chunksInMemory chunks the split keeps at once, at least 1
 */
public record Chunking(int chunkSize, int chunksInMemory) {

  /** Any order is equally cheap: the split is in memory. */
  public static final Chunking NONE = new Chunking(Integer.MAX_VALUE, 1);

  /** Refuses sizes below 1. */
  public Chunking {
    if (chunkSize < 1 || chunksInMemory < 1) {
      throw new IllegalArgumentException(
          "chunk size and chunks in memory must be at least 1, got "
              + chunkSize
              + " and "
              + chunksInMemory);
    }
  }

  /** Whether this split cares about visiting order at all. */
  public boolean isChunked() {
    return !equals(NONE);
  }
}
