package org.nclab.runtime.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * NumPy's {@code .npy} format, version 1.0, as numpy/lib/format.py documents it: the magic {@code
 * \x93NUMPY}, version bytes 1 0, a little-endian uint16 header length, an ASCII dict literal
 * ({@code descr}, {@code fortran_order}, {@code shape}) padded with spaces and ended by a newline
 * so that the data starts at a multiple of 64 bytes, then the data in C order. Written here because
 * the format is this small and the Java libraries for it pull in Kotlin or Arrow.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  private static final int ALIGNMENT = 64;

  private Npy() {}

  /** A float32 matrix of {@code rows} x {@code cols}, row-major. */
  public static void writeFloat32(Path file, float[] values, int rows, int cols)
      throws IOException {
    requireSize(values.length, rows, cols);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(header("<f4", "(" + rows + ", " + cols + ")"));
      ByteBuffer buffer = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < values.length; i++) {
        buffer.putFloat(values[i]);
        if (!buffer.hasRemaining()) {
          out.write(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  /** A vector of int64 (NumPy's default integer). */
  public static void writeInt64(Path file, int[] values) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(header("<i8", "(" + values.length + ",)"));
      ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      for (int value : values) {
        buffer.clear();
        out.write(buffer.putLong(value).array());
      }
    }
  }

  static byte[] header(String descr, String shape) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = MAGIC.length + 2 + dict.length() + 1;
    int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
    String text = dict + " ".repeat(padding) + "\n";
    ByteBuffer header =
        ByteBuffer.allocate(MAGIC.length + 2 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
    header.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
    return header.array();
  }

  private static void requireSize(int length, int rows, int cols) {
    if ((long) rows * cols != length) {
      throw new IllegalArgumentException(length + " values are not " + rows + " x " + cols);
    }
  }
}
