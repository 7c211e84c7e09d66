package org.nclab.runtime.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.json stays the flat object it was before RunInfo was grouped into parts: the two files under
 * test resources formats/ were written by RunInfoFile when RunInfo was an 18-component record.
 */
class RunInfoFormatTest {
  @TempDir Path dir;

  static final RunInfo FINISHED =
      new RunInfo(
          new RunInfo.Identity(
              "quick",
              "0.1.0",
              "1.1.0",
              42,
              new TreeMap<>(Map.of("nc-probes", "0.1.0", "datasets", "0.1.0"))),
          new RunInfo.Data("fashion-mnist", "28x28x1", List.of("T-shirt", "Trouser"), 60000, 10000),
          new RunInfo.Model("cnn", 123456),
          new RunInfo.Outcome(
              "finished",
              "2026-12-01T10:00:00Z",
              "2026-12-01T10:05:00Z",
              3,
              new TreeMap<>(Map.of("test/accuracy", 0.9089, "test/loss", 0.25)),
              null));

  static final RunInfo FAILED =
      new RunInfo(
          new RunInfo.Identity("bad", "0.1.0", null, 0, Map.of()),
          new RunInfo.Data(null, null, List.of(), 0, 0),
          new RunInfo.Model(null, 0),
          new RunInfo.Outcome("failed", null, "2026-12-01T10:00:00Z", 0, Map.of(), "no data"));

  @Test
  void writesTheSameBytesAsBefore() throws IOException {
    assertArrayEquals(resource("run-finished.json"), written(FINISHED));
    assertArrayEquals(resource("run-failed.json"), written(FAILED));
  }

  @Test
  void readsTheOldFilesIntoTheirParts() throws IOException {
    assertEquals(FINISHED, read("run-finished.json"));
    assertEquals(FAILED, read("run-failed.json"));
  }

  private byte[] written(RunInfo info) throws IOException {
    Path file = dir.resolve("run.json");
    new RunInfoFile(file).write(info);
    return Files.readAllBytes(file);
  }

  private RunInfo read(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, resource(name));
    return new RunInfoFile(file).read();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = RunInfoFormatTest.class.getResourceAsStream("/formats/" + name)) {
      return in.readAllBytes();
    }
  }
}
