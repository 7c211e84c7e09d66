package org.nclab.api.data;

/**
 * The labelled images of one split ("train", "test"), readable by index.
 *
 * <p>This is all a dataset writes: the runtime does shuffling, batching, conversion to tensors and
 * prefetching on a background thread. Implementations must be safe to read from one thread other
 * than the one that opened them, and each call must be cheap (no I/O per image for in-memory data).
 * A split larger than memory reads from disk chunk by chunk and says so through {@link
 * #chunking()}.
 */
public interface Split {

  /** Number of examples. */
  int size();

  /** The class index of example {@code index}, in [0, numClasses). */
  int label(int index);

  /**
   * Copies example {@code index} into {@code dst} starting at {@code offset}, as {@link
   * ImageShape#size()} floats in height, width, channel order, already normalised the way the
   * dataset documents (nclab's built-ins scale pixels to [0, 1]).
   */
  void copyImage(int index, float[] dst, int offset);

  /**
   * How this split wants to be visited; {@link Chunking#NONE} (the default) for a split in memory,
   * where every order is equally cheap. A split that streams from disk returns its chunk layout,
   * and the trainer then shuffles chunk by chunk (see {@link Chunking}) so that memory stays
   * bounded by the split's own budget, not by the dataset's size. A split that wraps another one
   * without reordering indices (a subset, a view) may pass the wrapped split's chunking on; one
   * that reorders indices should keep the default.
   */
  default Chunking chunking() {
    return Chunking.NONE;
  }
}
