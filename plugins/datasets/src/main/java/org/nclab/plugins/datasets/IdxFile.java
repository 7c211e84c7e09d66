package org.nclab.plugins.datasets;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nclab.api.UserException;

/**
 * One IDX file being read: its header, then its payload, every claim of the header checked against
 * the bytes actually there.
 *
 * <p>A header is a handful of numbers that decide how much memory to allocate, so a corrupt or
 * wrong file must end in a {@link UserException} naming the file and the byte offset, never in an
 * OutOfMemoryError or a silently short split. Use: {@link #open}, {@link #readHeader}, {@link
 * #readPayload}, close.
 */
final class IdxFile implements Closeable {

  /**
   * Upper bound of one read. NIO copies a heap read through a temporary direct buffer as large as
   * the request and caches it per thread, so one 47 MB read would pin 47 MB of native memory.
   */
  private static final int CHUNK = 1 << 20;

  /**
   * A gzip file does not reliably say how much it inflates to, so its payload buffer starts this
   * small and grows only as bytes arrive: a header claiming 2 GB over 100 bytes of data costs 1 MB.
   */
  private static final int GZIP_FIRST_BUFFER = 1 << 20;

  private static final String REPLACE = "replace it with an intact copy";

  private final Path file;
  private final long fileSize;
  private final boolean gzipped;
  private final InputStream in;
  private IdxKind kind;
  private int[] dims;
  private int payloadBytes;

  /** Bytes consumed so far from the (decompressed) stream, for messages. */
  private long position;

  private IdxFile(Path file, long fileSize, boolean gzipped, InputStream in) {
    this.file = file;
    this.fileSize = fileSize;
    this.gzipped = gzipped;
    this.in = in;
  }

  /** Opens {@code file}, gzipped or not: decided by gzip's magic bytes 1f 8b, not by the name. */
  static IdxFile open(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw UserException.of(
          "file not found", file.toString(), "check the dataset's path and file options");
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
    if (size == 0) {
      throw UserException.of("file is empty", file.toString(), REPLACE);
    }
    InputStream raw = null;
    try {
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      raw.mark(2);
      boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      IdxFile idx = new IdxFile(file, size, gzipped, raw);
      return gzipped ? idx.inflated() : idx;
    } catch (IOException e) {
      closeQuietly(raw);
      throw cannotRead(file, e);
    } catch (RuntimeException e) {
      closeQuietly(raw);
      throw e;
    }
  }

  private IdxFile inflated() {
    try {
      return new IdxFile(file, fileSize, true, new GZIPInputStream(in, 1 << 16));
    } catch (IOException e) {
      throw gzipFailure(e);
    }
  }

  /**
   * Reads and checks the header: the magic number of {@code kind}, then each dimension in [1, 2^31
   * - 1] and their product within {@link Limits#MAX_ARRAY_LENGTH}. Allocates nothing large.
   *
   * @return the dimensions, item count first
   */
  int[] readHeader(IdxKind kind) {
    this.kind = kind;
    byte[] header = new byte[kind.headerBytes()];
    ByteBuffer fields = ByteBuffer.wrap(header); // IDX is big-endian, as is ByteBuffer by default
    requireHeaderBytes(readFully(header, 0, 4), 4);
    int magic = fields.getInt(0);
    if (magic != kind.magic) {
      throw wrongMagic(magic);
    }
    requireHeaderBytes(4 + readFully(header, 4, header.length - 4), header.length);

    int[] dims = new int[kind.dimensionNames.size()];
    BigInteger payload = BigInteger.ONE;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = fields.getInt(4 + 4 * i);
      if (dims[i] <= 0) {
        throw error(
            "header gives "
                + kind.dimensionNames.get(i)
                + " = "
                + Integer.toUnsignedString(dims[i])
                + ", expected 1 to "
                + Integer.MAX_VALUE,
            4 + 4 * i,
            "the file is corrupt or not " + kind.description + "; " + REPLACE);
      }
      payload = payload.multiply(BigInteger.valueOf(dims[i]));
    }
    if (payload.compareTo(BigInteger.valueOf(Limits.MAX_ARRAY_LENGTH)) > 0) {
      throw error(
          "header claims "
              + joinDims(dims)
              + " = "
              + payload
              + " bytes, more than one array"
              + " can hold ("
              + Limits.MAX_ARRAY_LENGTH
              + ")",
          4,
          "the header is corrupt; " + REPLACE);
    }
    this.dims = dims;
    this.payloadBytes = payload.intValueExact();
    return dims.clone();
  }

  /**
   * Reads the payload the header announced, then requires the end of the file right after it.
   * Reading to the very end also makes gzip verify its CRC, so a flipped bit cannot pass.
   */
  byte[] readPayload() {
    if (dims == null) {
      throw new IllegalStateException("readHeader first");
    }
    long headerEnd = position;
    if (!gzipped) {
      // The file size tells, before anything is allocated, whether the header's counts are true.
      requirePayloadSize(fileSize - headerEnd, headerEnd);
    }
    byte[] data = new byte[gzipped ? Math.min(payloadBytes, GZIP_FIRST_BUFFER) : payloadBytes];
    int filled = 0;
    while (filled < payloadBytes) {
      if (filled == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(payloadBytes, 2L * data.length));
      }
      int n = readSome(data, filled, data.length - filled);
      if (n < 0) {
        throw truncated(filled, headerEnd);
      }
      filled += n;
    }
    requirePayloadSize(payloadBytes + countRemainingBytes(), headerEnd);
    return data;
  }

  /** A problem with item {@code index} of the payload, located by its byte offset. */
  UserException itemError(String what, int index, String fix) {
    long itemBytes = payloadBytes / dims[0];
    return error(what, kind.headerBytes() + (long) index * itemBytes, fix);
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
  }

  private void requireHeaderBytes(int got, int needed) {
    if (got < needed) {
      throw error(
          "file ends at byte "
              + got
              + ", inside the "
              + kind.headerBytes()
              + "-byte header of "
              + kind.description,
          got,
          "the file is truncated or not an IDX file; " + REPLACE);
    }
  }

  private void requirePayloadSize(long actual, long headerEnd) {
    if (actual < payloadBytes) {
      throw truncated(actual, headerEnd);
    }
    if (actual > payloadBytes) {
      throw error(
          "trailing garbage: "
              + (actual - payloadBytes)
              + " bytes after the last of "
              + dims[0]
              + " items ("
              + joinDims(dims)
              + ")",
          headerEnd + payloadBytes,
          "the file is damaged or its header is wrong; " + REPLACE);
    }
  }

  private UserException truncated(long actual, long headerEnd) {
    return error(
        "data is truncated: expected "
            + payloadBytes
            + " bytes after the "
            + headerEnd
            + "-byte header ("
            + joinDims(dims)
            + "), got "
            + actual,
        headerEnd + actual,
        "the file is incomplete; " + REPLACE);
  }

  private UserException wrongMagic(int found) {
    String what =
        "wrong magic number "
            + hex(found)
            + ", expected "
            + hex(kind.magic)
            + " for "
            + kind.description;
    for (IdxKind other : IdxKind.values()) {
      if (other != kind && other.magic == found) {
        return error(
            what + "; this is " + other.description,
            0,
            "check that the image and label file options are not swapped");
      }
    }
    return error(what, 0, "point the file option at " + kind.description);
  }

  private long countRemainingBytes() {
    byte[] scratch = new byte[1 << 16];
    long extra = 0;
    for (int n; (n = readSome(scratch, 0, scratch.length)) >= 0; ) {
      extra += n;
    }
    return extra;
  }

  /** Reads until {@code len} bytes or the end of the stream; returns how many it read. */
  private int readFully(byte[] buffer, int offset, int len) {
    int total = 0;
    while (total < len) {
      int n = readSome(buffer, offset + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /** One bounded read; the only place that touches the stream, so every failure is translated. */
  private int readSome(byte[] buffer, int offset, int len) {
    try {
      int n = in.read(buffer, offset, Math.min(len, CHUNK));
      if (n > 0) {
        position += n;
      }
      return n;
    } catch (IOException e) {
      throw gzipped ? gzipFailure(e) : cannotRead(file, e);
    }
  }

  private UserException gzipFailure(IOException e) {
    if (e instanceof EOFException) {
      return error(
          "gzip stream is cut off", position, "the compressed file is incomplete; " + REPLACE);
    }
    if (e instanceof ZipException) {
      return (UserException)
          error("corrupt gzip stream (" + e.getMessage() + ")", position, REPLACE).initCause(e);
    }
    return cannotRead(file, e);
  }

  private UserException error(String what, long offset, String fix) {
    return UserException.of(what, where(offset), fix);
  }

  private String where(long offset) {
    return file + ", " + (gzipped ? "decompressed byte " : "byte ") + offset;
  }

  private static UserException cannotRead(Path file, IOException e) {
    String reason =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    UserException error =
        UserException.of(
            "cannot read file: " + reason, file.toString(), "check that it is a readable file");
    return (UserException) error.initCause(e);
  }

  private static String joinDims(int[] dims) {
    return String.join(" x ", Arrays.stream(dims).mapToObj(Integer::toString).toList());
  }

  private static String hex(int value) {
    return String.format("0x%08X", value);
  }

  private static void closeQuietly(InputStream stream) {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException ignored) {
        // Already failing with a better message; a close error would only hide it.
      }
    }
  }
}
