package org.nclab.runtime.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.runtime.io.AtomicFiles;

/** Reads and atomically rewrites a run's {@code run.json}. */
public final class RunInfoFile {
  private static final String RUNNING = "running";
  private static final String INTERRUPTED = "interrupted";
  private final ObjectMapper json = new ObjectMapper();
  private final Path path;

  public RunInfoFile(Path path) {
    this.path = path;
  }

  public void write(RunInfo info) {
    try {
      AtomicFiles.write(
          path, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(OnDisk.of(info)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The run as run.json records it, except that a run recorded as running whose folder lock no live
   * process holds reads as interrupted: its process ended without rewriting run.json (a kill -9, a
   * crash, a folder that turned read-only), and every reader must say so, not "running".
   */
  public RunInfo read() {
    RunInfo recorded = readRecorded();
    if (!RUNNING.equals(recorded.status()) || RunFolder.isHeld(path.toAbsolutePath().getParent())) {
      return recorded;
    }
    return recorded.withStatus(
        INTERRUPTED,
        recorded.outcome().ended(),
        recorded.outcome().epochsCompleted(),
        recorded.outcome().finalMetrics(),
        "its process ended while run.json said running (killed, crashed, or the folder could not"
            + " be written); run the same command again to resume from its last checkpoint");
  }

  /** run.json as written, whether or not its process still runs. */
  public RunInfo readRecorded() {
    try {
      return json.readValue(path.toFile(), OnDisk.class).info();
    } catch (IOException e) {
      throw UserException.of(
          "unreadable run.json (" + e.getMessage().lines().findFirst().orElse("") + ")",
          path.toString(),
          "move the run folder away, or pass --new to start a new run beside it");
    }
  }

  /** run.json's flat object: these names, in this order, are the file format. */
  private record OnDisk(
      String name,
      String status,
      String nclabVersion,
      String tensorflowVersion,
      long seed,
      String dataset,
      String imageShape,
      List<String> classNames,
      int trainExamples,
      int testExamples,
      String model,
      long trainableParameters,
      Map<String, String> plugins,
      String started,
      String ended,
      int epochsCompleted,
      Map<String, Double> finalMetrics,
      String error) {

    static OnDisk of(RunInfo info) {
      RunInfo.Identity who = info.identity();
      RunInfo.Data data = info.data();
      RunInfo.Outcome outcome = info.outcome();
      return new OnDisk(
          who.name(),
          outcome.status(),
          who.nclabVersion(),
          who.tensorflowVersion(),
          who.seed(),
          data.dataset(),
          data.imageShape(),
          data.classNames(),
          data.trainExamples(),
          data.testExamples(),
          info.model().id(),
          info.model().trainableParameters(),
          who.plugins(),
          outcome.started(),
          outcome.ended(),
          outcome.epochsCompleted(),
          outcome.finalMetrics(),
          outcome.error());
    }

    RunInfo info() {
      return new RunInfo(
          new RunInfo.Identity(name, nclabVersion, tensorflowVersion, seed, plugins),
          new RunInfo.Data(dataset, imageShape, classNames, trainExamples, testExamples),
          new RunInfo.Model(model, trainableParameters),
          new RunInfo.Outcome(status, started, ended, epochsCompleted, finalMetrics, error));
    }
  }
}
