package org.nclab.runtime.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.nclab.runtime.cli.ErrorsDoc;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.train.ResumePoint;
import org.nclab.runtime.train.TrainerTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Session;

class CheckpointsTest {

  private static Checkpoints.Metadata atEpoch(int epoch) {
    return new Checkpoints.Metadata(epoch, epoch * 10L, ResumePoint.start(), Map.of());
  }

  @Test
  void aFailedWriteIsAUserErrorAndKeepsThePreviousCheckpoint(@TempDir Path dir) throws Exception {
    Checkpoints checkpoints = new Checkpoints(dir, 3);
    try (Graph g = new Graph()) {
      TrainingGraph tg =
          ModelAssembly.build(g, TrainerTestSupport.spec(TrainerTestSupport.settings("sgd", 1)));
      Session session = new Session(g);
      session.run(tg.initializer());
      checkpoints.save(session, atEpoch(1));
      session.close(); // the next save fails inside TensorFlow, as a full disk would
      UserException e =
          assertThrows(UserException.class, () -> checkpoints.save(session, atEpoch(2)));
      assertTrue(
          e.getMessage().contains("epoch-0002") && e.getMessage().contains("epoch-0001"),
          e.getMessage());
      // What the launcher prints for a UserException (exit 2, "error: " + its message).
      ErrorsDoc.assertShown("run/checkpoint-cannot-be-written", 2, "error: " + e.getMessage());
    }
    assertEquals(dir.resolve("checkpoints/epoch-0001"), checkpoints.latest().orElseThrow());
    assertEquals(List.of(dir.resolve("checkpoints/epoch-0001")), checkpoints.list());
    try (var files = Files.list(dir.resolve("checkpoints"))) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().endsWith(".partial")),
          "no half-written folder left");
    }
  }

  @Test
  void keepsTheNewestAndRestoresExactlyByName(@TempDir Path dir) {
    Checkpoints checkpoints = new Checkpoints(dir, 2);
    try (Graph g = new Graph()) {
      TrainingGraph tg =
          ModelAssembly.build(g, TrainerTestSupport.spec(TrainerTestSupport.settings("sgd", 1)));
      try (Session session = new Session(g)) {
        session.run(tg.initializer());
        for (int epoch = 1; epoch <= 3; epoch++) {
          checkpoints.save(session, atEpoch(epoch));
        }
        assertEquals(2, checkpoints.list().size());
        assertEquals(2, checkpoints.restore(session, checkpoints.resolve("epoch-0002")).epoch());
        UserException missing =
            assertThrows(UserException.class, () -> checkpoints.resolve("epoch-0001"));
        assertTrue(missing.getMessage().contains("epoch-0003"), missing.getMessage());
      }
    }
  }
}
