package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.Chunking;
import org.nclab.api.data.ImageShape;

/** The streamed split reads its cache file exactly while holding at most its chunk budget. */
class MappedImageSplitTest {
  private static final ImageShape SHAPE = new ImageShape(2, 3, 1);

  @TempDir Path dir;

  @Test
  void readsEveryImage_holdingAtMostItsChunks() throws IOException {
    int count = 23;
    byte[] fingerprint = new byte[32];
    DecodedCacheFile.Contents cache;
    try (DecodedCacheFile.Writer writer =
        new DecodedCacheFile.Writer(dir.resolve("train-x.bin"), SHAPE, fingerprint)) {
      for (int i = 0; i < count; i++) {
        writer.add(image(i), i % 4);
      }
      cache = writer.finish("");
    }
    assertEquals(cache.count(), DecodedCacheFile.open(cache.file(), SHAPE, fingerprint).count());
    MappedImageSplit split = new MappedImageSplit(cache, 5, 2, PixelNormalization.unit(1));
    assertEquals(new Chunking(5, 2), split.chunking());

    float[] out = new float[SHAPE.size()];
    // Backwards and jumping between chunks: every chunk is mapped again when needed.
    for (int i = count - 1; i >= 0; i -= 3) {
      split.copyImage(i, out, 0);
      for (int v = 0; v < out.length; v++) {
        assertEquals((image(i)[v] & 0xFF) / 255f, out[v]);
      }
      assertEquals(i % 4, split.label(i));
      assertTrue(split.mappedChunks() <= 2);
    }
  }

  @Test
  void aCacheOfAnotherFingerprintOrShape_isNotOpened() throws IOException {
    byte[] fingerprint = new byte[32];
    Path file = dir.resolve("test-x.bin");
    try (DecodedCacheFile.Writer writer = new DecodedCacheFile.Writer(file, SHAPE, fingerprint)) {
      writer.add(image(1), 0);
      writer.finish("size\t2x3\t1\n");
    }
    byte[] other = new byte[32];
    other[0] = 1;
    assertEquals(null, DecodedCacheFile.open(file, SHAPE, other));
    assertEquals(null, DecodedCacheFile.open(file, new ImageShape(3, 2, 1), fingerprint));
    assertEquals("size\t2x3\t1\n", DecodedCacheFile.open(file, SHAPE, fingerprint).notes());
  }

  private static byte[] image(int i) {
    byte[] image = new byte[SHAPE.size()];
    for (int v = 0; v < image.length; v++) {
      image[v] = (byte) (i * 7 + v * 31);
    }
    return image;
  }
}
