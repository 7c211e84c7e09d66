package org.nclab.runtime.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.nclab.runtime.io.AtomicFiles;

/** Reads and atomically rewrites a run's {@code run.json}. */
public final class RunInfoFile {
  private final ObjectMapper json = new ObjectMapper();
  private final Path path;

  public RunInfoFile(Path path) {
    this.path = path;
  }

  public void write(RunInfo info) {
    try {
      AtomicFiles.write(path, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public RunInfo read() {
    try {
      return json.readValue(path.toFile(), RunInfo.class);
    } catch (IOException e) {
      throw org.nclab.api.UserException.of(
          "unreadable run.json (" + e.getMessage().lines().findFirst().orElse("") + ")",
          path.toString(),
          "move the run folder away, or pass --new to start a new run beside it");
    }
  }
}
