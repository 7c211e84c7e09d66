package org.nclab.runtime.metrics.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.run.MetricsListener;
import org.nclab.runtime.run.MetricsLog;
import org.nclab.runtime.run.TensorBoardListener;
import org.nclab.runtime.train.TinyData;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainerTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

class TensorBoardEventsTest {
  private static final Clock FIXED =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 250_000_000), ZoneOffset.UTC);

  @Test
  void maskedCrcMatchesTensorFlowsOnTheStandardCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    int crc = 0xE3069283; // CRC-32C of "123456789" (RFC 3720, appendix B.4)
    assertEquals(
        ((crc >>> 15) | (crc << 17)) + 0xa282ead8, TfRecords.maskedCrc32c(check, 0, check.length));
  }

  @Test
  void eventFileStartsWithVersionAndSessionStartThenHoldsTheScalars(@TempDir Path dir)
      throws IOException {
    Path file;
    try (EventFileWriter writer = EventFileWriter.create(dir, 120, FIXED, "host")) {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("train/loss", 0.5);
      values.put("test/accuracy", 0.875);
      writer.scalars(150, values);
      file = writer.file();
    }
    assertEquals("events.out.tfevents.1700000000.host", file.getFileName().toString());
    List<Event> events = EventFileReader.read(file);
    assertEquals(3, events.size());
    assertEquals(EventFileWriter.FILE_VERSION, events.get(0).getFileVersion());
    assertEquals(1_700_000_000.25, events.get(0).getWallTime());
    assertEquals(SessionLog.SessionStatus.START, events.get(1).getSessionLog().getStatus());
    assertEquals(120, events.get(1).getStep());
    Event scalars = events.get(2);
    assertEquals(150, scalars.getStep());
    assertEquals(
        List.of("train/loss", "test/accuracy"),
        scalars.getSummary().getValueList().stream().map(Summary.Value::getTag).toList());
    assertEquals(0.875f, scalars.getSummary().getValue(1).getSimpleValue());

    try (EventFileWriter again = EventFileWriter.create(dir, 150, FIXED, "host")) {
      assertEquals(
          "events.out.tfevents.1700000000.host.1",
          again.file().getFileName().toString(),
          "a second file in the same second does not append to the first");
    }
  }

  @Test
  void aDamagedRecordFailsItsCrc(@TempDir Path dir) throws IOException {
    Path file;
    try (EventFileWriter writer = EventFileWriter.create(dir, 0, FIXED, "host")) {
      writer.scalars(1, Map.of("train/loss", 0.5));
      file = writer.file();
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 6] ^= 0x01; // inside the last record's data
    Files.write(file, bytes);
    IOException e = assertThrows(IOException.class, () -> EventFileReader.read(file));
    // TensorFlow's record reader checks the data CRC of the third record (version, session start,
    // scalars).
    assertTrue(
        e.getMessage().contains("after 2 records") && e.getMessage().contains("corrupted record"),
        e.getMessage());
  }

  /**
   * A real training run: every scalar in the event files is the metrics.jsonl value of its step.
   */
  @Test
  void trainingWritesTheSameFiguresAsMetricsJsonl(@TempDir Path run) throws IOException {
    ImageShape shape = new ImageShape(12, 12, 1);
    TrainSettings settings = TrainerTestSupport.settings("sgd", 2);
    Path metricsFile = run.resolve("metrics.jsonl");
    try (Graph g = new Graph();
        MetricsLog log = new MetricsLog(metricsFile, new SimpleMeterRegistry(), "tb");
        TensorBoardListener tensorBoard = new TensorBoardListener(run, FIXED)) {
      TrainingGraph model = ModelAssembly.build(g, TrainerTestSupport.spec(settings));
      try (Session s = new Session(g)) {
        s.run(model.initializer());
        new Trainer(
                model,
                s,
                TinyData.dataset(4, 320, 64, shape, 3),
                settings,
                5,
                List.of(new MetricsListener(log), tensorBoard),
                Ticker.systemTicker())
            .fit();
      }
    }
    ObjectMapper json = new ObjectMapper();
    for (String phase : List.of("step", "epoch")) {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(metricsFile)) {
        JsonNode node = json.readTree(line);
        if (node.get("phase").asText().equals(phase)) {
          lines.add(node);
        }
      }
      List<Event> scalars = scalarEvents(run.resolve("tensorboard").resolve(phase));
      assertEquals(
          phase.equals("step") ? 4 : 2, lines.size(), "10 steps per epoch, logged every 5");
      assertEquals(lines.size(), scalars.size(), phase);
      for (int i = 0; i < lines.size(); i++) {
        JsonNode line = lines.get(i);
        Event event = scalars.get(i);
        assertEquals(line.get("step").asLong(), event.getStep());
        int compared = 0;
        for (Summary.Value value : event.getSummary().getValueList()) {
          assertEquals(
              (float) line.get(value.getTag()).asDouble(), value.getSimpleValue(), value.getTag());
          compared++;
        }
        // phase, epoch, step and wall_time are not figures
        assertEquals(line.size() - 4, compared, "every figure of the line, none more: " + line);
      }
    }
  }

  private static List<Event> scalarEvents(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.toList();
    }
    assertEquals(1, files.size(), files.toString());
    return EventFileReader.read(files.get(0)).stream().filter(Event::hasSummary).toList();
  }
}
