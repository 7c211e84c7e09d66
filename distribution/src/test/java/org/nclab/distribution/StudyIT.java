package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.testkit.Prerequisites;

/**
 * configs/examples/tiny-study.toml end to end through bin/nclab: three pre-training runs on
 * generated data, each probed on its own data and, frozen, on other generated data, and transferred
 * with a linear probe through 'nclab transfer'. A study killed midway (every process of it, with
 * SIGKILL) and run again reuses the finished runs and ends with the same results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudyIT {
  private static final List<String> WALL_CLOCK = List.of("train_seconds", "transfer_seconds");

  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir static Path work;
  private Path straight;
  private Launcher.Outcome straightRun;

  private String study() {
    return Launcher.repo().resolve("configs/examples/tiny-study.toml").toString();
  }

  @BeforeAll
  void runTheStudyOnce() throws Exception {
    straight = Files.createDirectories(work.resolve("straight"));
    straightRun = nclab.run(straight, "study", study());
  }

  private Path folder(Path dir) {
    return dir.resolve("studies/tiny-study");
  }

  @Test
  void theStudyRunsEveryStep_andWritesResultsPlotsAndTheReport() throws Exception {
    assertEquals(0, straightRun.exitCode(), straightRun.all());
    Path folder = folder(straight);
    List<String> csv = Files.readAllLines(folder.resolve("results.csv"));
    assertEquals(4, csv.size(), String.join("\n", csv));
    for (String variant : List.of("cross-entropy", "label-smoothing", "mse")) {
      assertTrue(
          Files.readString(folder.resolve("runs/" + variant + "/run.json"))
              .contains("\"finished\""),
          variant);
      String row = csv.stream().filter(l -> l.startsWith(variant + ",")).findFirst().orElseThrow();
      assertTrue(
          row.matches(".*,synthetic3,[0-9.]+,.*"), "the frozen downstream NC1 is measured: " + row);
      assertTrue(row.contains(",ok,") && row.contains(",linear-probe,"), "transferred: " + row);
    }
    for (String plot :
        List.of(
            "nc1-per-layer-source", "nc1-per-layer-synthetic3", "training-loss", "test-accuracy")) {
      assertTrue(Files.size(folder.resolve("plots/" + plot + ".png")) > 1000, plot);
      assertTrue(Files.readString(folder.resolve("plots/" + plot + ".svg")).contains("<svg"), plot);
    }
    String html = Files.readString(folder.resolve("report.html"));
    assertTrue(
        html.contains("<table id=\"results\">") && html.contains("data:image/svg+xml;base64,"));
    assertTrue(
        straightRun.out().contains("report " + folder.resolve("report.html")), straightRun.out());
  }

  @Test
  void rank_ordersTheStudysRunsByFrozenDownstreamNc1() throws Exception {
    Path runs = folder(straight).resolve("runs");
    String downstream =
        Launcher.repo().resolve("configs/examples/synthetic-downstream.toml").toString();
    Path json = work.resolve("rank.json");
    Launcher.Outcome rank =
        nclab.run(
            straight,
            "rank",
            "--dataset",
            downstream,
            "--json",
            json.toString(),
            runs.resolve("mse").toString(),
            runs.resolve("cross-entropy").toString(),
            runs.resolve("label-smoothing").toString());
    assertEquals(0, rank.exitCode(), rank.all());
    List<Double> nc1 = new ArrayList<>();
    for (String line : rank.out().lines().toList()) {
      if (line.matches("\\s+\\d+\\s+/.*")) {
        String[] cells = line.trim().split("\\s+");
        nc1.add(Double.parseDouble(cells[cells.length - 1]));
      }
    }
    assertEquals(3, nc1.size(), rank.out());
    assertTrue(
        nc1.get(0) <= nc1.get(1) && nc1.get(1) <= nc1.get(2), "lower NC1 first: " + rank.out());
    assertTrue(Files.readString(json).contains("\"rank\" : 3"), Files.readString(json));
    // --check fits the linear probe of every run through 'nclab transfer' and compares the orders.
    Launcher.Outcome check =
        nclab.run(
            straight,
            "rank",
            "--check",
            "--dataset",
            downstream,
            runs.resolve("mse").toString(),
            runs.resolve("cross-entropy").toString(),
            runs.resolve("label-smoothing").toString());
    assertEquals(0, check.exitCode(), check.all());
    assertTrue(
        check.out().contains("Spearman between the ranking and linear-probe accuracy"),
        check.out());
  }

  @Test
  void theReportRendersInHeadlessChromium() throws Exception {
    Prerequisites.require(
        Files.isExecutable(Path.of("/usr/bin/chromium")),
        "chromium is not installed (scripts/setup.sh installs it); the report's rendering is not"
            + " checked");
    Path screenshot = work.resolve("report.png");
    Process check =
        new ProcessBuilder(
                Launcher.repo().resolve("scripts/check-report.sh").toString(),
                folder(straight).resolve("report.html").toString(),
                screenshot.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(check.getInputStream().readAllBytes());
    assertTrue(check.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, check.exitValue(), output);
    assertTrue(
        output.contains("4/4 plots decoded")
            || output.contains("5/5 plots decoded")
            || output.contains("6/6 plots decoded"),
        output);
    assertTrue(Files.size(screenshot) > 10_000, "a real screenshot");
  }

  @Test
  void aStudyKilledMidwayAndRunAgain_reusesFinishedRunsAndEndsWithTheSameResults()
      throws Exception {
    Path killed = Files.createDirectories(work.resolve("killed"));
    Process process = startAndAwaitTheFirstRun(killed);
    // SIGKILL to the study and to every nclab process it started: nothing can clean up.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    nclab.collect(process);
    assertTrue(!Files.exists(folder(killed).resolve("results.csv")), "killed before the end");

    Launcher.Outcome again = nclab.run(killed, "study", study());
    assertEquals(0, again.exitCode(), again.all());
    assertTrue(
        !again.out().contains("cross-entropy: training"),
        "the finished run is reused: " + again.out());
    assertTrue(again.out().contains("cross-entropy: done ("), again.out());
    assertEquals(
        withoutWallClock(folder(straight).resolve("results.csv")),
        withoutWallClock(folder(killed).resolve("results.csv")));
  }

  @Test
  void aStudyStoppedBySigterm_saysSoInOneLineAndRunAgainEndsWithTheSameResults() throws Exception {
    Path stopped = Files.createDirectories(work.resolve("stopped"));
    Process process = startAndAwaitTheFirstRun(stopped);
    process.destroy(); // SIGTERM, as Ctrl-C or a scheduler would stop it
    Launcher.Outcome outcome = nclab.collect(process);
    assertTrue(outcome.exitCode() != 0, outcome.all());
    assertTrue(!outcome.all().contains("internal error"), outcome.all());
    assertTrue(
        outcome
            .err()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("study tiny-study stopped by a signal: finished steps are kept")
                        && l.endsWith("run the same command again to resume")),
        outcome.all());
    assertTrue(!Files.exists(folder(stopped).resolve("results.csv")), "stopped before the end");

    Launcher.Outcome again = nclab.run(stopped, "study", study());
    assertEquals(0, again.exitCode(), again.all());
    assertEquals(
        withoutWallClock(folder(straight).resolve("results.csv")),
        withoutWallClock(folder(stopped).resolve("results.csv")));
  }

  /** Starts the study in {@code dir} and returns once its first run has finished training. */
  private Process startAndAwaitTheFirstRun(Path dir) throws Exception {
    Path firstRun = folder(dir).resolve("runs/cross-entropy/run.json");
    Process process = nclab.start(dir, "study", study());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (process.isAlive()
        && System.nanoTime() < deadline
        && !(Files.exists(firstRun) && Files.readString(firstRun).contains("\"finished\""))) {
      Thread.sleep(50);
    }
    assertTrue(process.isAlive(), "the study finished before it could be stopped");
    return process;
  }

  /**
   * results.csv's rows, parsed as RFC 4180 (quoted cells may hold commas), without wall-clock
   * columns.
   */
  private static List<List<String>> withoutWallClock(Path csv) throws Exception {
    List<CSVRecord> records;
    try (Reader in = Files.newBufferedReader(csv);
        CSVParser parser = CSVParser.parse(in, CSVFormat.RFC4180)) {
      records = parser.getRecords();
    }
    List<String> header = records.get(0).toList();
    List<Integer> drop = WALL_CLOCK.stream().map(header::indexOf).toList();
    assertTrue(!drop.contains(-1), () -> "no wall-clock column in " + header);
    List<List<String>> out = new ArrayList<>();
    for (CSVRecord record : records) {
      List<String> cells = new ArrayList<>(record.toList());
      assertEquals(header.size(), cells.size(), () -> "cells of " + record);
      drop.stream().sorted((a, b) -> b - a).forEach(i -> cells.remove((int) i));
      out.add(cells);
    }
    return out;
  }
}
