package org.nclab.plugins.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nclab.api.data.Chunking;
import org.nclab.api.data.Split;

/**
 * A split read from its {@link DecodedCacheFile} through memory maps of one chunk each, holding at
 * most {@code chunksInMemory} chunks mapped at once: resident memory is bounded by {@code
 * chunksInMemory x chunk bytes}, whatever the file's size.
 *
 * <p>A chunk is mapped and {@linkplain MappedByteBuffer#load() loaded} (one sequential read, which
 * the disk likes) on first touch and unmapped when it is the least recently used one and another is
 * needed. Unmapping is explicit ({@code Unsafe.invokeCleaner}, as Lucene and Netty do) because a
 * mapping otherwise lives until the garbage collector finds it, and resident memory would grow with
 * the file. The trainer visits chunk by chunk ({@link #chunking()}), so each chunk is read once an
 * epoch.
 */
final class MappedImageSplit implements Split {
  private final DecodedCacheFile.Contents cache;
  private final int imageSize;
  private final int chunkSize;
  private final int chunksInMemory;
  private final PixelNormalization normalization;
  private final byte[] scratch;
  private final Map<Integer, MappedByteBuffer> mapped;

  MappedImageSplit(
      DecodedCacheFile.Contents cache,
      int chunkSize,
      int chunksInMemory,
      PixelNormalization normalization) {
    this.cache = cache;
    this.imageSize = cache.shape().size();
    this.chunkSize = chunkSize;
    this.chunksInMemory = chunksInMemory;
    this.normalization = normalization;
    this.scratch = new byte[imageSize];
    this.mapped =
        new LinkedHashMap<>(16, 0.75f, true); // access order: the eldest is least recently used
  }

  @Override
  public int size() {
    return cache.count();
  }

  @Override
  public int label(int index) {
    return cache.labels()[index];
  }

  @Override
  public Chunking chunking() {
    return new Chunking(chunkSize, chunksInMemory);
  }

  /** Synchronized: the scratch array and the chunk map are shared (uncontended in training). */
  @Override
  public synchronized void copyImage(int index, float[] dst, int offset) {
    MappedByteBuffer chunk = chunk(index / chunkSize);
    chunk.get((index % chunkSize) * imageSize, scratch, 0, imageSize);
    normalization.convert(scratch, 0, imageSize, dst, offset);
  }

  /** Chunks mapped now; for tests of the memory bound. */
  synchronized int mappedChunks() {
    return mapped.size();
  }

  private MappedByteBuffer chunk(int chunk) {
    MappedByteBuffer buffer = mapped.get(chunk);
    if (buffer != null) {
      return buffer;
    }
    if (mapped.size() >= chunksInMemory) {
      Iterator<MappedByteBuffer> eldest = mapped.values().iterator();
      Unmapper.unmap(eldest.next());
      eldest.remove();
    }
    long first = (long) chunk * chunkSize;
    long images = Math.min(chunkSize, cache.count() - first);
    // The channel may close once mapped: a mapping stays valid until unmapped.
    try (FileChannel channel = FileChannel.open(cache.file(), StandardOpenOption.READ)) {
      buffer =
          channel.map(
              FileChannel.MapMode.READ_ONLY,
              cache.pixelsOffset() + first * imageSize,
              images * imageSize);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map the decoded cache " + cache.file(), e);
    }
    buffer.load();
    mapped.put(chunk, buffer);
    return buffer;
  }

  /** Releases a mapping now instead of when the garbage collector gets to it. */
  private static final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
      Object unsafe = null;
      Method invokeCleaner = null;
      try {
        Class<?> type = Class.forName("sun.misc.Unsafe");
        Field field = type.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        unsafe = field.get(null);
        invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // Without it mappings are released by the garbage collector: correct, only less tight.
      }
      UNSAFE = unsafe;
      INVOKE_CLEANER = invokeCleaner;
    }

    static void unmap(MappedByteBuffer buffer) {
      if (INVOKE_CLEANER != null) {
        try {
          INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException e) {
          // as above: left to the garbage collector
        }
      }
    }
  }
}
