package org.nclab.runtime.metrics.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import org.nclab.api.UserException;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/**
 * One TensorBoard event file ({@code events.out.tfevents.SECONDS.HOST}): TFRecords of TensorFlow's
 * own {@link Event} protos, as {@code tf.summary} writes them. It opens with the file-version event
 * and a {@code SessionLog START} at the first step, which tells TensorBoard to drop events of an
 * earlier, interrupted attempt from that step on (how a resumed run stays one clean curve). Scalars
 * are {@code Summary.Value.simple_value}s, which every TensorBoard version reads.
 */
public final class EventFileWriter implements AutoCloseable {
  static final String FILE_VERSION = "brain.Event:2";

  private final Path file;
  private final OutputStream out;
  private final Clock clock;

  private EventFileWriter(Path file, OutputStream out, Clock clock) {
    this.file = file;
    this.out = out;
    this.clock = clock;
  }

  /** Creates a new event file in {@code folder} (made if missing) starting at {@code firstStep}. */
  public static EventFileWriter create(Path folder, long firstStep, Clock clock, String host) {
    double now = seconds(clock);
    Path file = folder.resolve("events.out.tfevents." + (long) now + "." + host);
    try {
      Files.createDirectories(folder);
      // A second writer in the same second (a quick resume) gets its own file, not a mixed one.
      for (int i = 1; Files.exists(file); i++) {
        file = folder.resolve("events.out.tfevents." + (long) now + "." + host + "." + i);
      }
      OutputStream out =
          new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
      EventFileWriter writer = new EventFileWriter(file, out, clock);
      writer.write(Event.newBuilder().setWallTime(now).setFileVersion(FILE_VERSION).build());
      writer.write(
          Event.newBuilder()
              .setWallTime(now)
              .setStep(firstStep)
              .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START))
              .build());
      writer.flush();
      return writer;
    } catch (IOException e) {
      throw UserException.of(
          "cannot write a TensorBoard event file (" + e.getMessage() + ")",
          file.toString(),
          "make the run folder writable, or set metrics.tensorboard = false");
    }
  }

  public Path file() {
    return file;
  }

  /** Appends one event holding a scalar per entry; non-finite values are written as they are. */
  public void scalars(long step, Map<String, Double> values) {
    Summary.Builder summary = Summary.newBuilder();
    values.forEach(
        (tag, value) ->
            summary.addValue(
                Summary.Value.newBuilder().setTag(tag).setSimpleValue(value.floatValue())));
    try {
      write(
          Event.newBuilder().setWallTime(seconds(clock)).setStep(step).setSummary(summary).build());
    } catch (IOException e) {
      throw UserException.of(
          "cannot append to a TensorBoard event file (" + e.getMessage() + ")",
          file.toString(),
          "free disk space, or set metrics.tensorboard = false");
    }
  }

  /** Hands what was written to the operating system, where TensorBoard can read it. */
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush " + file, e);
    }
  }

  private void write(Event event) throws IOException {
    TfRecords.write(out, event.toByteArray());
  }

  private static double seconds(Clock clock) {
    return clock.millis() / 1000.0;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
