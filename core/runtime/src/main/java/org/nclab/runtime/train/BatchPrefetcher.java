package org.nclab.runtime.train;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;

/**
 * Prepares the batches of one pass over a split on a background thread, a few ahead, so the session
 * never waits on Java to copy pixels. Batches come out in {@code order}; the last batch may be
 * smaller.
 *
 * <p>Closing stops the thread and closes every batch it made that was not taken, so an interrupted
 * epoch leaks no native memory.
 */
public final class BatchPrefetcher implements AutoCloseable {
  /** Enough to hide a copy behind a step; more only holds memory. */
  private static final int DEPTH = 3;

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
  private final Thread worker;
  private final int batches;
  private int taken;
  private volatile boolean closed;

  public BatchPrefetcher(
      Split split, ImageShape shape, int numClasses, int[] order, int batchSize, String name) {
    this.batches = (order.length + batchSize - 1) / batchSize;
    BatchAssembler assembler = new BatchAssembler(split, shape, numClasses, batchSize);
    this.worker =
        new Thread(
            () -> {
              try {
                for (int from = 0; from < order.length && !closed; from += batchSize) {
                  Batch batch =
                      assembler.assemble(order, from, Math.min(order.length, from + batchSize));
                  try {
                    queue.put(batch);
                  } catch (InterruptedException e) {
                    batch.close(); // closed while this batch was being made: nobody will take it
                    return;
                  }
                }
              } catch (RuntimeException | Error e) {
                try {
                  // The consumer rethrows it instead of waiting forever (an OutOfMemoryError or a
                  // plugin's LinkageError included).
                  queue.put(
                      e instanceof Error error
                          ? new IllegalStateException("batch preparation failed: " + error, error)
                          : e);
                } catch (InterruptedException closedMeanwhile) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "nclab-prefetch-" + name);
    worker.setDaemon(true);
    worker.start();
  }

  public int batchCount() {
    return batches;
  }

  public boolean hasNext() {
    return taken < batches;
  }

  /** The next batch; the caller closes it. */
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      Object item = queue.take();
      if (item instanceof RuntimeException e) {
        throw e;
      }
      taken++;
      return (Batch) item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Object item; (item = queue.poll()) != null; ) {
      if (item instanceof Batch batch) {
        batch.close();
      }
    }
  }
}
