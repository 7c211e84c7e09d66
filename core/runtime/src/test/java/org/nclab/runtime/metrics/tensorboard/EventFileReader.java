package org.nclab.runtime.metrics.tensorboard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.FifoQueue;
import org.tensorflow.op.io.ReaderRead;
import org.tensorflow.op.io.TfRecordReader;
import org.tensorflow.proto.Event;
import org.tensorflow.types.TString;

/**
 * Reads an event file back with TensorFlow's own code, independent of the writer: the TFRecord
 * framing and both CRC32Cs of every record by TensorFlow's {@code TFRecordReaderV2} op (its {@code
 * io::RecordReader}, the reader TensorBoard's loader mirrors), each record parsed by the {@link
 * Event} protobuf class that TensorFlow Java ships. (The newer {@code TFRecordDatasetV2} fails in
 * this build when an iterator serialises it: "3 inputs specified of 4".)
 */
final class EventFileReader {
  private EventFileReader() {}

  static List<Event> read(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      FifoQueue files = tf.io.fifoQueue(List.of(TString.class));
      var enqueue = tf.io.queueEnqueue(files, List.of(tf.constant(file.toString())));
      var close = tf.io.queueClose(files);
      TfRecordReader reader = tf.io.tfRecordReader();
      ReaderRead next = tf.io.readerRead(reader, files);
      try (Session session = new Session(graph)) {
        session.runner().addTarget(enqueue).run();
        session.runner().addTarget(close).run();
        while (true) {
          try (Result result = session.runner().fetch(next.value()).run()) {
            events.add(Event.parseFrom(((TString) result.get(0)).asBytes().getObject()));
          } catch (TFOutOfRangeException end) {
            return events;
          }
        }
      } catch (TensorFlowException e) {
        throw new IOException(
            "TensorFlow's TFRecord reader on "
                + file
                + " after "
                + events.size()
                + " records: "
                + e.getMessage(),
            e);
      }
    }
  }
}
