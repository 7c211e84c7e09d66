package org.nclab.runtime.metrics.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.Event;

/**
 * Reads a TFRecord file of {@link Event}s back the way TensorBoard does, checking both masked
 * CRC32Cs of every record; a test-side twin of {@link EventFileWriter}.
 */
final class EventFileReader {
  private EventFileReader() {}

  static List<Event> read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (in.hasRemaining()) {
      byte[] header = new byte[8];
      in.get(header);
      int headerCrc = in.getInt();
      check(TfRecords.maskedCrc32c(header, 0, 8) == headerCrc, file, events.size(), "length");
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      byte[] data = new byte[Math.toIntExact(length)];
      in.get(data);
      check(TfRecords.maskedCrc32c(data, 0, data.length) == in.getInt(), file, events.size(), "data");
      events.add(Event.parseFrom(data));
    }
    return events;
  }

  private static void check(boolean ok, Path file, int record, String what) throws IOException {
    if (!ok) {
      throw new IOException("CRC of the " + what + " of record " + record + " in " + file + " does not match");
    }
  }
}
