package org.nclab.plugins.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.nclab.api.data.ImageShape;

/**
 * One split's decoded images, wherever they are: in a byte array (no cache) or in a {@link
 * DecodedCacheFile} (read into memory or mapped chunk by chunk, as storage decides).
 *
 * @param pixels the images, or null when they are in {@code cache}
 * @param cache the cache file, or null when decoded straight into memory
 * @param notes skipped files and source sizes, one tab-separated fact per line
 */
record DecodedSplit(
    ImageShape shape,
    int count,
    int[] labels,
    ChannelStats stats,
    String notes,
    byte[] pixels,
    DecodedCacheFile.Contents cache) {
  private static final int READ_SLICE = 8 << 20;

  static DecodedSplit of(DecodedCacheFile.Contents cache) {
    return new DecodedSplit(
        cache.shape(), cache.count(), cache.labels(), cache.stats(), cache.notes(), null, cache);
  }

  long bytes() {
    return (long) count * shape.size();
  }

  /** The images as one array, read from the cache file when they are there. */
  byte[] pixelsInMemory() {
    if (pixels != null) {
      return pixels;
    }
    if (bytes() > Limits.MAX_ARRAY_LENGTH) {
      throw new IllegalStateException("caller checks that the split fits one array");
    }
    byte[] all = new byte[(int) bytes()];
    try (FileChannel channel = FileChannel.open(cache.file(), StandardOpenOption.READ)) {
      // Slices of 8 MB: reading into a heap buffer goes through a temporary direct buffer of the
      // read's size, which the JDK then keeps per thread; one read of the whole split would keep
      // a second copy of it in native memory for the rest of the run.
      for (int at = 0; at < all.length; ) {
        ByteBuffer slice = ByteBuffer.wrap(all, at, Math.min(READ_SLICE, all.length - at));
        while (slice.hasRemaining()) {
          if (channel.read(slice, cache.pixelsOffset() + slice.position()) < 0) {
            throw new IOException("shorter than its header says");
          }
        }
        at = slice.position();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the decoded cache " + cache.file(), e);
    }
    return all;
  }

  /** Collects a split decoded straight into memory, when there is no cache. */
  static final class InMemory {
    private final ImageShape shape;
    private final byte[] pixels;
    private final int[] labels;
    private final ChannelStats stats;
    private int count;

    InMemory(ImageShape shape, int capacity) {
      this.shape = shape;
      this.pixels = new byte[capacity * shape.size()];
      this.labels = new int[capacity];
      this.stats = new ChannelStats(shape.channels());
    }

    void add(byte[] image, int label) {
      System.arraycopy(image, 0, pixels, count * image.length, image.length);
      stats.add(image);
      labels[count++] = label;
    }

    DecodedSplit finish(String notes) {
      byte[] kept = count == labels.length ? pixels : Arrays.copyOf(pixels, count * shape.size());
      return new DecodedSplit(shape, count, Arrays.copyOf(labels, count), stats, notes, kept, null);
    }
  }
}
