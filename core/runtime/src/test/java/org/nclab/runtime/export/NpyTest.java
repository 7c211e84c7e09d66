package org.nclab.runtime.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy layout by the format's specification; ExportIT has NumPy itself read the files. */
class NpyTest {
  @TempDir Path dir;

  @Test
  void theDataStartsAtAMultipleOf64BytesAfterAnAsciiDictEndingInANewline() throws Exception {
    for (int rows : new int[] {0, 1, 7, 10000, 123456789}) {
      byte[] header = Npy.header("<f4", "(" + rows + ", 3)");
      assertEquals(0, header.length % 64, "rows " + rows);
      assertArrayEquals(
          new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(header, 8));
      int declared = (header[8] & 0xFF) | (header[9] & 0xFF) << 8;
      assertEquals(header.length - 10, declared);
      String text = new String(header, 10, declared, StandardCharsets.US_ASCII);
      assertTrue(
          text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", 3), }"),
          text);
      assertTrue(text.endsWith("\n") && text.strip().endsWith("}"), text);
    }
  }

  @Test
  void valuesAreLittleEndianInRowMajorOrder() throws Exception {
    Path file = dir.resolve("x.npy");
    float[] values = {1.5f, -2f, Float.MIN_VALUE, 3e38f, 0f, -0f};
    Npy.writeFloat32(file, values, 2, 3);
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(128, bytes.capacity() - 24, "a 64-byte aligned header, then 6 floats");
    for (int i = 0; i < values.length; i++) {
      assertEquals(Float.floatToRawIntBits(values[i]), bytes.getInt(128 + 4 * i));
    }
    Path labels = dir.resolve("y.npy");
    Npy.writeInt64(labels, new int[] {7, -1});
    ByteBuffer y = ByteBuffer.wrap(Files.readAllBytes(labels)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(128 + 16, y.capacity());
    assertEquals(7L, y.getLong(128));
    assertEquals(-1L, y.getLong(136));
  }

  @Test
  void topKTakesTheLargestFirstAndTiesByLowerIndex() {
    assertArrayEquals(
        new int[] {2, 0, 3}, PredictionLines.topK(new float[] {0.3f, 0.1f, 0.5f, 0.3f}, 3));
  }
}
