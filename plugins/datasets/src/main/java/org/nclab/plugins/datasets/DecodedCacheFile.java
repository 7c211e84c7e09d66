package org.nclab.plugins.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.nclab.api.data.ImageShape;

/**
 * One split's decoded images on disk, so later epochs and runs skip decoding: a fixed 4 KiB header,
 * then every image's bytes (height x width x channels, image after image), then one little-endian
 * int label per image, then UTF-8 notes (files skipped and why, source sizes) that a reopened cache
 * reports again.
 *
 * <p>Header (little-endian): magic {@code NCLABIMG}, format version, height, width, channels, image
 * count, notes length, then the 32-byte SHA-256 fingerprint of the source files and decode options,
 * then per channel the pixel sum and sum of squares and the pixel count (for {@code normalize =
 * "dataset"}), then a CRC-32C of everything after the header. A file whose header, fingerprint,
 * length or checksum does not match is rebuilt, never trusted (a corrupted label or pixel
 * included). Files are written under a temporary name and renamed into place, so a killed run
 * leaves no half cache behind.
 */
final class DecodedCacheFile {
  static final int HEADER_BYTES = 4096;
  private static final byte[] MAGIC = "NCLABIMG".getBytes(StandardCharsets.US_ASCII);

  /** 2: a CRC-32C of everything after the header, checked on every open. */
  private static final int VERSION = 2;

  /** What a valid cache file holds besides its pixels. */
  record Contents(
      Path file, ImageShape shape, int count, int[] labels, ChannelStats stats, String notes) {
    long pixelsOffset() {
      return HEADER_BYTES;
    }
  }

  private DecodedCacheFile() {}

  /** The cache file's contents, or null when it is missing, stale or damaged. */
  static Contents open(Path file, ImageShape shape, byte[] fingerprint) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = read(channel, 0, HEADER_BYTES);
      byte[] magic = new byte[MAGIC.length];
      header.get(magic);
      if (!Arrays.equals(magic, MAGIC) || header.getInt() != VERSION) {
        return null;
      }
      ImageShape stored = new ImageShape(header.getInt(), header.getInt(), header.getInt());
      int count = header.getInt();
      int notesLength = header.getInt();
      byte[] storedFingerprint = new byte[32];
      header.get(storedFingerprint);
      long imageBytes = shape.size();
      if (!stored.equals(shape)
          || !Arrays.equals(storedFingerprint, fingerprint)
          || count < 0
          || notesLength < 0
          || channel.size() != HEADER_BYTES + count * imageBytes + count * 4L + notesLength) {
        return null;
      }
      long[] sum = new long[shape.channels()];
      long[] squares = new long[shape.channels()];
      for (int c = 0; c < sum.length; c++) {
        sum[c] = header.getLong();
        squares[c] = header.getLong();
      }
      long pixels = header.getLong();
      if (header.getLong() != bodyChecksum(channel)) {
        return null; // a flipped bit in pixels, labels or notes: rebuilt, never trusted
      }
      long labelsAt = HEADER_BYTES + count * imageBytes;
      int[] labels = new int[count];
      read(channel, labelsAt, count * 4).asIntBuffer().get(labels);
      String notes =
          StandardCharsets.UTF_8
              .decode(read(channel, labelsAt + count * 4L, notesLength))
              .toString();
      return new Contents(
          file, shape, count, labels, new ChannelStats(sum, squares, pixels), notes);
    } catch (IOException | RuntimeException e) {
      return null; // damaged or unreadable: the caller rebuilds it
    }
  }

  /** CRC-32C of the file after its header, read in 8 MB slices. */
  private static long bodyChecksum(FileChannel channel) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer slice = ByteBuffer.allocateDirect(8 << 20);
    long position = HEADER_BYTES;
    while (true) {
      slice.clear();
      int n = channel.read(slice, position);
      if (n < 0) {
        return crc.getValue();
      }
      slice.flip();
      crc.update(slice);
      position += n;
    }
  }

  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("truncated");
      }
    }
    return buffer.flip();
  }

  /** Writes a cache file image by image; {@link #finish} renames it into place. */
  static final class Writer implements AutoCloseable {
    private final Path file;
    private final Path temporary;
    private final FileChannel channel;
    private final ImageShape shape;
    private final byte[] fingerprint;
    private final ChannelStats stats;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private int[] labels = new int[1024];
    private final CRC32C crc = new CRC32C();
    private boolean writing = true;
    private int count;
    private boolean finished;

    Writer(Path file, ImageShape shape, byte[] fingerprint) throws IOException {
      this.file = file;
      this.shape = shape;
      this.fingerprint = fingerprint.clone();
      this.stats = new ChannelStats(shape.channels());
      Files.createDirectories(file.getParent());
      this.temporary =
          file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
      this.channel =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
      channel.position(HEADER_BYTES);
    }

    void add(byte[] image, int label) throws IOException {
      if (buffer.remaining() < image.length) {
        flush();
      }
      if (image.length > buffer.capacity()) {
        channel.write(ByteBuffer.wrap(image));
      } else {
        buffer.put(image);
      }
      stats.add(image);
      if (count == labels.length) {
        labels = Arrays.copyOf(labels, count * 2);
      }
      labels[count++] = label;
    }

    ChannelStats stats() {
      return stats;
    }

    /** Writes labels, notes and header, forces it to disk and renames it into place. */
    Contents finish(String notes) throws IOException {
      flush();
      ByteBuffer labelBytes = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
      labelBytes.asIntBuffer().put(labels, 0, count);
      writeFully(labelBytes);
      byte[] noteBytes = notes.getBytes(StandardCharsets.UTF_8);
      writeFully(ByteBuffer.wrap(noteBytes));
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header.put(MAGIC).putInt(VERSION);
      header.putInt(shape.height()).putInt(shape.width()).putInt(shape.channels());
      header.putInt(count).putInt(noteBytes.length).put(fingerprint);
      long[] sum = stats.sum();
      long[] squares = stats.sumOfSquares();
      for (int c = 0; c < sum.length; c++) {
        header.putLong(sum[c]).putLong(squares[c]);
      }
      header.putLong(stats.pixels());
      header.putLong(crc.getValue());
      header.rewind();
      channel.position(0);
      writing = false; // the header is not part of the checksum
      writeFully(header);
      channel.force(true);
      channel.close();
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      finished = true;
      return new Contents(file, shape, count, Arrays.copyOf(labels, count), stats, notes);
    }

    private void flush() throws IOException {
      buffer.flip();
      writeFully(buffer);
      buffer.clear();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
      if (writing) {
        crc.update(bytes.duplicate());
      }
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    @Override
    public void close() throws IOException {
      if (!finished) {
        channel.close();
        Files.deleteIfExists(temporary);
      }
    }
  }
}
