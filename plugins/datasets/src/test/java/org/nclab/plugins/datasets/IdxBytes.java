package org.nclab.plugins.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files, good and broken, for tests. */
final class IdxBytes {
  static final int IMAGES = 0x00000803;
  static final int LABELS = 0x00000801;

  private IdxBytes() {}

  static byte[] header(int magic, int... dims) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
    for (int dim : dims) {
      buffer.putInt(dim);
    }
    return buffer.array();
  }

  static byte[] images(int rows, int cols, byte[] pixels) {
    return concat(header(IMAGES, pixels.length / (rows * cols), rows, cols), pixels);
  }

  static byte[] labels(byte[] labels) {
    return concat(header(LABELS, labels.length), labels);
  }

  /** Seeded random bytes that include 0 and 255, the ends of the pixel range. */
  static byte[] randomBytes(int count, int bound, long seed) {
    Random random = new Random(seed);
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) random.nextInt(bound);
    }
    bytes[0] = 0;
    bytes[count - 1] = (byte) (bound - 1);
    return bytes;
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] joined = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }

  static Path write(Path folder, String name, byte[] content) {
    try {
      return Files.write(folder.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
