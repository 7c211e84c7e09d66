package org.nclab.runtime.metrics.tensorboard;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * TensorFlow's TFRecord framing, in which TensorBoard event files are written: each record is
 *
 * <pre>
 * uint64 length, little-endian
 * uint32 masked CRC32C of those 8 bytes
 * byte   data[length]
 * uint32 masked CRC32C of data
 * </pre>
 *
 * (tensorflow/core/lib/io/record_writer.cc). The mask keeps a CRC of data that itself holds CRCs
 * from being trivially zero.
 */
public final class TfRecords {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  /** Writes one framed record. */
  public static void write(OutputStream out, byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(maskedCrc32c(header.array(), 0, 8));
    out.write(header.array());
    out.write(data);
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(maskedCrc32c(data, 0, data.length));
    out.write(footer.array());
  }

  /** {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8} of the CRC32C (Castagnoli) of the bytes. */
  public static int maskedCrc32c(byte[] bytes, int offset, int length) {
    int crc = Hashing.crc32c().hashBytes(bytes, offset, length).asInt();
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }
}
