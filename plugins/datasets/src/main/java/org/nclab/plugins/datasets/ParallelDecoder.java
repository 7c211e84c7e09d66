package org.nclab.plugins.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.nclab.api.image.ImageResizer;
import org.nclab.api.image.SourcePixels;

/**
 * Decodes image files on a fixed pool of worker threads and hands the results to one consumer in
 * file order. At most {@code 4 x workers} images are decoded ahead of the consumer, so memory is
 * bounded by the pool, not by the number of files.
 */
final class ParallelDecoder {
  private final ImageResizer resizer;
  private final int workers;

  /** A decoded file: its pixels at the target shape, or why it could not be read. */
  record Decoded(int index, byte[] pixels, String sourceSize, String failure) {
    boolean ok() {
      return failure == null;
    }
  }

  ParallelDecoder(ImageResizer resizer, int workers) {
    this.resizer = resizer;
    this.workers = workers;
  }

  /** Decodes {@code files} in parallel; {@code sink} sees every one, in order, on this thread. */
  void decode(List<Path> files, Consumer<Decoded> sink) {
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "nclab-decode-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      ArrayDeque<Future<Decoded>> pending = new ArrayDeque<>();
      int next = 0;
      int window = 4 * workers;
      while (next < files.size() || !pending.isEmpty()) {
        while (next < files.size() && pending.size() < window) {
          int index = next++;
          Path file = files.get(index);
          pending.add(pool.submit(() -> decodeOne(index, file)));
        }
        sink.accept(pending.poll().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding images", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("decoding failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One file; every failure a file can cause becomes a reason, never an exception. */
  Decoded decodeOne(int index, Path file) {
    SourcePixels source;
    try {
      source = SourcePixels.read(file);
    } catch (IOException e) {
      return new Decoded(index, null, null, e.getMessage());
    }
    try {
      return new Decoded(index, resizer.apply(source), source.size(), null);
    } catch (IllegalArgumentException e) {
      return new Decoded(index, null, source.size(), e.getMessage());
    }
  }
}
