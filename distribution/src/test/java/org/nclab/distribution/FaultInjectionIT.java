package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.cli.ErrorsDoc;

/**
 * A run killed with SIGKILL at random moments and resumed each time by running the same command
 * again ends with the same weights, bit for bit, and the same metrics history as a run never
 * interrupted.
 */
class FaultInjectionIT {
  private static final List<String> TIMING =
      List.of("train/images_per_second", "train/epoch_seconds", "wall_time");

  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;

  @Test
  void killedAndResumedRunsMatchAnUninterruptedRun() throws Exception {
    var straight = nclab.run(work, command("straight"));
    assertEquals(0, straight.exitCode(), straight.all());

    SplittableRandom random = new SplittableRandom(2026);
    Path run = work.resolve("runs/killed");
    int kills = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
      String before = latest(run);
      Process process = nclab.start(work, command("killed"));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (process.isAlive() && latest(run).equals(before) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(random.nextInt(400)); // somewhere in the following steps
      if (process.isAlive()) {
        process.destroyForcibly(); // SIGKILL: no hook runs, nothing is flushed
        kills++;
      }
      nclab.collect(process);
    }
    assertTrue(kills >= 2, "the run finished too fast to be killed: " + kills + " kills");
    var resumed = nclab.run(work, command("killed"));
    assertEquals(0, resumed.exitCode(), resumed.all());
    assertTrue(resumed.out().contains("resuming"), resumed.out());

    Path finalWeights = Path.of("checkpoints/epoch-0004/variables.data-00000-of-00001");
    assertArrayEquals(
        Files.readAllBytes(work.resolve("runs/straight").resolve(finalWeights)),
        Files.readAllBytes(run.resolve(finalWeights)),
        "final weights differ");
    assertEquals(history(work.resolve("runs/straight")), history(run));
  }

  /**
   * Killed right after an epoch-end checkpoint (the only kind written here), resumed from it: the
   * whole metrics.jsonl, the log window that spans the epoch boundary included (16 steps an epoch,
   * a window every 5), matches the uninterrupted run's.
   */
  @Test
  void resumedFromAnEpochEndCheckpoint_metricsMatchAnUninterruptedRun() throws Exception {
    var straight = nclab.run(work, command("straight-epochs", 5, 0));
    assertEquals(0, straight.exitCode(), straight.all());
    Path run = work.resolve("runs/killed-epochs");
    Process process = nclab.start(work, command("killed-epochs", 5, 0));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (process.isAlive() && latest(run).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(process.isAlive(), "finished before it could be killed");
    process.destroyForcibly();
    nclab.collect(process);
    assertEquals("epoch-0001", latest(run).trim(), "killed after the first epoch-end checkpoint");
    var resumed = nclab.run(work, command("killed-epochs", 5, 0));
    assertEquals(0, resumed.exitCode(), resumed.all());
    assertTrue(resumed.out().contains("from epoch-0001"), resumed.out());
    assertEquals(history(work.resolve("runs/straight-epochs")), history(run));
  }

  @Test
  void anUnreadableCheckpointIsSkippedForTheOneBefore() throws Exception {
    var first = nclab.run(work, command("damaged"));
    assertEquals(0, first.exitCode(), first.all());
    Path run = work.resolve("runs/damaged");
    // As if the machine died while the last checkpoint's data was being written back.
    Path newest = run.resolve("checkpoints").resolve(latest(run).trim());
    Files.write(newest.resolve("variables.data-00000-of-00001"), new byte[] {1, 2, 3});
    Path info = run.resolve("run.json");
    Files.writeString(info, Files.readString(info).replace("\"finished\"", "\"interrupted\""));

    var again = nclab.run(work, command("damaged"));
    assertEquals(0, again.exitCode(), again.all());
    assertTrue(
        again.out().contains("warning: skipping unreadable checkpoint " + newest.getFileName()),
        again.out());
    ErrorsDoc.assertShown("run/unreadable-checkpoint", again.exitCode(), again.out());
    assertTrue(again.out().contains("test accuracy"), again.out());
    assertTrue(Files.readString(info).contains("\"finished\""));
  }

  private String[] command(String name) {
    return command(name, 2, 3);
  }

  /**
   * @param everySteps steps between checkpoints inside an epoch; 0 for epoch ends only
   */
  private String[] command(String name, int logEverySteps, int everySteps) {
    return new String[] {
      "train", Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString(),
      "--set", "run.output=\"" + work.resolve("runs") + "\"",
      "--set", "run.name=\"" + name + "\"",
      "--set", "train.epochs=4",
      "--set", "train.log_every_steps=" + logEverySteps,
      "--set", "checkpoint.every_steps=" + everySteps,
      "--set", "checkpoint.keep=100"
    };
  }

  private static String latest(Path run) throws Exception {
    Path pointer = run.resolve("checkpoints/latest");
    return Files.exists(pointer) ? Files.readString(pointer) : "";
  }

  /** metrics.jsonl without the wall-clock figures, which no two runs share. */
  private static List<String> history(Path run) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      ObjectNode node = (ObjectNode) json.readTree(line);
      TIMING.forEach(node::remove);
      lines.add(node.toString());
    }
    return lines;
  }
}
