package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.testkit.Prerequisites;

/**
 * The training display as a person sees it: in a pseudo-terminal (util-linux's {@code script}), a
 * labelled bar for each phase of an epoch (train, evaluate, probe, checkpoint), a resumed epoch
 * whose bar starts at the step it resumed from, and a screen that keeps the epoch lines and no
 * stale bar; with the output in a file, periodic status lines between the epoch lines.
 */
class ProgressDisplayIT {
  private static final Path SCRIPT = Path.of("/usr/bin/script");

  /** The first mid-epoch checkpoint of a run with checkpoint.every_steps = 10. */
  private static final String STEP_10 = "epoch-0000-step-0000000010";

  /** A rendered progress bar: "epoch 1/2 train 56% [=== ] 18/32 (0:00:03 / 0:00:02)". */
  private static final Pattern BAR = Pattern.compile("\\d+% \\[[ =>]*] *\\d+/\\d+ \\(");

  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;

  private Path config(String name, int epochs, int everySteps) throws Exception {
    Path file = work.resolve(name + ".toml");
    Files.writeString(
        file,
        """
        [run]
        name = "%s"
        seed = 3

        [dataset]
        id = "synthetic"
        num_classes = 4
        train_size = 2048
        test_size = 1024
        height = 16
        width = 16

        [model]
        id = "cnn"
        widths = [8, 16]
        pool_after = [1, 2]

        [train]
        epochs = %d
        batch_size = 64

        [checkpoint]
        every_steps = %d

        [[probe]]
        id = "nc"
        """
            .formatted(name, epochs, everySteps));
    return file;
  }

  /** Runs {@code bin/nclab ARGS} in a pseudo-terminal and returns what was written to it. */
  private String inTerminal(String... args) throws Exception {
    Prerequisites.require(
        Files.isExecutable(SCRIPT), "util-linux's script gives the test a pseudo-terminal");
    Path typescript = work.resolve("typescript");
    StringBuilder command = new StringBuilder(nclab.home().resolve("bin/nclab").toString());
    for (String arg : args) {
      command.append(' ').append(arg);
    }
    Process process =
        new ProcessBuilder(
                SCRIPT.toString(), "-q", "-e", "-c", command.toString(), typescript.toString())
            .directory(work.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(work.resolve("script.out").toFile())
            .redirectErrorStream(true)
            .start();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), "nclab did not finish in a pseudo-terminal");
    String written = Files.readString(typescript, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), written);
    return written;
  }

  @Test
  void eachPhaseHasALabelledBarAndOnlyEpochLinesStayOnScreen() throws Exception {
    String written = inTerminal("train", config("phases", 2, 0).getFileName().toString());
    for (String phase : List.of("train", "evaluate", "probe", "checkpoint")) {
      for (int epoch = 1; epoch <= 2; epoch++) {
        assertTrue(
            written.contains("epoch " + epoch + "/2 " + phase + " "),
            "no " + phase + " bar in epoch " + epoch);
      }
    }
    List<String> screen = TerminalScreen.render(written);
    List<String> bars = screen.stream().filter(line -> BAR.matcher(line).find()).toList();
    assertEquals(List.of(), bars, "stale bars left on the screen:\n" + String.join("\n", screen));
    int first =
        screen.indexOf(
            screen.stream()
                .filter(line -> line.startsWith("epoch 1/2 "))
                .findFirst()
                .orElseThrow());
    int end =
        screen.indexOf(
            screen.stream()
                .filter(line -> line.startsWith("test accuracy"))
                .findFirst()
                .orElseThrow());
    assertFalse(
        screen.subList(first, end).contains(""),
        "an erased bar left an empty line:\n" + String.join("\n", screen));
    List<String> epochLines = screen.stream().filter(line -> line.startsWith("epoch ")).toList();
    assertEquals(2, epochLines.size(), String.join("\n", screen));
    for (String line : epochLines) {
      assertTrue(
          line.matches(
              ".* \\d+\\.\\d s \\(train \\d+\\.\\d s, evaluate \\d+\\.\\d s,"
                  + " probe \\d+\\.\\d s\\)"),
          line);
    }
    // The train bar's clock is the train phase's: it must not run on through evaluation and
    // probing.
    double trainSeconds = Double.parseDouble(group(epochLines.get(1), "\\(train (\\d+\\.\\d) s"));
    Matcher clocks =
        Pattern.compile("epoch 2/2 train +\\d+% \\[[^]]*] *\\d+/\\d+ \\((\\d+):(\\d+):(\\d+) ")
            .matcher(written);
    int lastClock = -1;
    while (clocks.find()) {
      lastClock =
          Integer.parseInt(clocks.group(1)) * 3600
              + Integer.parseInt(clocks.group(2)) * 60
              + Integer.parseInt(clocks.group(3));
    }
    assertTrue(
        lastClock >= 0 && lastClock <= trainSeconds + 1,
        "bar clock " + lastClock + " s, train " + trainSeconds + " s");
  }

  @Test
  void aResumedEpochsBarStartsAtTheStepItResumedFrom() throws Exception {
    Path file = config("resumed", 2, 10);
    Path checkpoints = work.resolve("runs/resumed/checkpoints");
    Process first = nclab.start(work, "train", file.getFileName().toString());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (first.isAlive()
        && !hasCheckpoint(checkpoints, STEP_10)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    first.destroyForcibly(); // SIGKILL, somewhere after step 10 of epoch 1
    nclab.collect(first);
    List<String> saved;
    try (Stream<Path> list = Files.list(checkpoints)) {
      saved =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("epoch-"))
              .sorted()
              .toList();
    }
    String newest = saved.get(saved.size() - 1);
    Matcher step = Pattern.compile("epoch-0000-step-(\\d+)").matcher(newest);
    Prerequisites.require(
        step.matches(), "the first run was killed inside epoch 1 (it got to " + newest + ")");
    int resumedAt = Integer.parseInt(step.group(1));

    String written = inTerminal("train", file.getFileName().toString());
    // Frames are drawn every 250 ms (and none at the end: the bar is erased), so the first may come
    // a
    // few steps in; but no frame may show fewer steps than were done before the resume. A bar that
    // restarted at 0 draws its first frames at 0 while the first, slow step runs.
    Matcher frames =
        Pattern.compile("epoch 1/2 train +\\d+% \\[[^]]*] *(\\d+)/32").matcher(written);
    List<Integer> counts = new ArrayList<>();
    while (frames.find()) {
      counts.add(Integer.parseInt(frames.group(1)));
    }
    assertFalse(counts.isEmpty(), written);
    assertTrue(
        counts.stream().allMatch(c -> c >= resumedAt),
        "resumed at " + resumedAt + ", frames " + counts);
  }

  @Test
  void aRunStoppedMidEpochSaysWhereItResumesNotZeroEpochs() throws Exception {
    Path file = config("stopped", 2, 10);
    Process process = nclab.start(work, "train", file.getFileName().toString());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    Path checkpoints = work.resolve("runs/stopped/checkpoints");
    while (process.isAlive()
        && !hasCheckpoint(checkpoints, STEP_10)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    process.destroy(); // SIGTERM, as Ctrl-C: the run stops after its step and saves there
    var outcome = nclab.collect(process);
    Prerequisites.require(
        !outcome.out().contains("epoch 1/2 "), "the run was stopped inside epoch 1");
    Matcher line =
        Pattern.compile(
                "interrupted in epoch 1 at step (\\d+) of 32; it resumes from checkpoint"
                    + " epoch-0000-step-0*(\\d+) in .*; run the same command again to resume")
            .matcher(outcome.out());
    assertTrue(line.find(), outcome.all());
    assertEquals(
        line.group(1), line.group(2), "the checkpoint named is the one written where it stopped");
    assertFalse(outcome.out().contains("0 complete epochs"), outcome.out());
  }

  @Test
  void aLogFileGetsPeriodicStatusLines() throws Exception {
    Path file = config("logged", 2, 0);
    // A half-second interval instead of 30 s, so a seconds-long run shows several.
    ProcessBuilder builder =
        new ProcessBuilder(
                nclab.home().resolve("bin/nclab").toString(),
                "train",
                file.getFileName().toString())
            .directory(work.toFile());
    builder.environment().put("NCLAB_JAVA_OPTS", "-Dnclab.status.seconds=0.5");
    Path log = work.resolve("train.log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES));
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), text);
    assertFalse(text.contains("\r"), "no bar drawing in a file");
    List<String> status =
        text.lines().filter(l -> l.matches("  epoch \\d/2 \\w+.* \\d+ s")).toList();
    assertTrue(status.size() >= 2, "status lines:\n" + text);
    // Which phases a half-second timer lands in depends on the machine's speed; each line has a
    // count.
    String counted = "  epoch [12]/2 (train|evaluate|probe|checkpoint) \\d+/\\d+ .*";
    assertTrue(status.stream().anyMatch(l -> l.matches(counted)), text);
    for (String line : status) {
      // The clock is the phase's: a few seconds here, never the time since some unrelated origin.
      assertTrue(Integer.parseInt(group(line, " (\\d+) s$")) < 600, line);
    }
    // Each status line stands between the epoch lines, in order: none after the run ended.
    int lastEpoch = text.lastIndexOf("\nepoch 2/2 ");
    assertTrue(lastEpoch > 0 && text.indexOf(status.get(0)) < lastEpoch, text);
  }

  private static boolean hasCheckpoint(Path checkpoints, String name) {
    return Files.isDirectory(checkpoints.resolve(name));
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), text);
    return m.group(1);
  }
}
