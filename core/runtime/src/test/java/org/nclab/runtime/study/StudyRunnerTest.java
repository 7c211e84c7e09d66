package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.config.ConfigException;
import org.nclab.runtime.config.RunConfig;

/** The study runner and report on a fake nclab: every path without starting a process. */
class StudyRunnerTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private static final String STUDY =
      """
      [study]
      bootstrap_resamples = 200

      [[grid]]
      key = "train.epochs"
      values = [1, 2, 3]
      labels = ["a", "b", "c"]

      [[downstream]]
      name = "other"
      dataset = "other.toml"

      [[transfer]]
      method = "linear-probe"

      [[transfer]]
      method = "full"
      shots = 5

      [base.dataset]
      id = "synthetic"

      [base.model]
      id = "cnn"
      widths = [4]
      pool_after = [1]
      """;

  private StudySpec spec;
  private Map<String, RunConfig> configs;

  private StudyRunner runner(String study, NclabInvoker nclab) throws Exception {
    Files.writeString(dir.resolve("study.toml"), study);
    Files.writeString(
        dir.resolve("other.toml"), "[dataset]\nid = \"synthetic\"\nnum_classes = 2\n");
    StudyReader reader = new StudyReader(dir);
    spec = reader.read(Path.of("study.toml"));
    configs = new StudyValidator(spec, reader, new TestCatalog()).check();
    return new StudyRunner(
        spec,
        StudyValidator.baseConfigFile(spec),
        configs,
        new TestCatalog(),
        nclab,
        new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  private static List<String> statuses(List<StepRecord> records) {
    return records.stream().map(r -> r.variant() + " " + r.step() + " " + r.status()).toList();
  }

  @Test
  void everyStepRuns_thenARerunReusesEverything_andTheReportIsTheSame() throws Exception {
    FakeNclab nclab = new FakeNclab(List.of("a", "b", "c"));
    List<StepRecord> first = runner(STUDY, nclab).run();
    assertEquals(
        List.of(
            "a train done",
            "a source-probe done",
            "a downstream-other done",
            "a transfer-other-linear-probe done",
            "a transfer-other-full-5shots done"),
        statuses(first).subList(0, 5));
    assertEquals(15, nclab.calls.size());
    List<String> train = nclab.calls.get(0);
    assertEquals("train", train.get(0));
    assertTrue(train.contains("train.epochs=1"), train.toString());
    assertTrue(train.contains("run.name=\"a\""), train.toString());
    Path report = new StudyReport(spec, StudyResults.collect(spec, first)).write();
    String csv = Files.readString(spec.folder().resolve(StudyReport.CSV));
    String html = Files.readString(report);

    List<StepRecord> second = runner(STUDY, nclab).run();
    assertTrue(
        second.stream().allMatch(r -> r.status().equals(StepRecord.REUSED)),
        statuses(second).toString());
    assertEquals(15, nclab.calls.size(), "nothing ran again");
    new StudyReport(spec, StudyResults.collect(spec, second)).write();
    assertEquals(csv, Files.readString(spec.folder().resolve(StudyReport.CSV)));
    assertEquals(html, Files.readString(report));
  }

  @Test
  void seeds_giveRowsPerRun_meansPerVariant_andCorrelationsOfTheMeans() throws Exception {
    List<String> runs = List.of("a_seed1", "a_seed2", "b_seed1", "b_seed2", "c_seed1", "c_seed2");
    FakeNclab nclab = new FakeNclab(runs);
    String study =
        STUDY.replace("bootstrap_resamples = 200", "bootstrap_resamples = 200\nseeds = [1, 2]");
    List<StepRecord> records = runner(study, nclab).run();
    List<String> transfer =
        nclab.calls.stream().filter(c -> c.get(0).equals("transfer")).findFirst().orElseThrow();
    assertTrue(transfer.contains("run.seed=1"), "the transfer follows the run's seed: " + transfer);
    StudyResults results = StudyResults.collect(spec, records);
    assertEquals(12, results.rows().size());
    ResultRow second = results.rows().get(2);
    assertEquals(
        List.of("a_seed2", "a", 2L), List.of(second.variant(), second.group(), second.seed()));

    // The fake gives run i linear-probe accuracy 0.9 - 0.1 i and downstream NC1 2 + i: variant a
    // has runs 0 and 1, so its means are 0.85 and 2.5, its interval t(0.975, 1) * sd / sqrt(2)
    // with sd = 0.1 / sqrt(2) and t(0.975, 1) = 12.7062 from a t table.
    VariantMeans a = results.means().get(0);
    assertEquals(
        List.of("a", "other", "linear-probe", 2),
        List.of(a.group(), a.downstream(), a.method(), a.runs()));
    assertEquals(0.85, a.testAccuracy().mean(), 1e-12);
    assertEquals(0.85 - 12.7062 * 0.05, a.testAccuracy().low(), 1e-4);
    assertEquals(2.5, a.downstreamNc1().mean(), 1e-12);

    StudyResults.CorrelationResult c = results.correlations().get(0);
    assertEquals(List.of("a", "a", "b", "b", "c", "c"), c.variants());
    assertEquals(3, c.spearman().n(), "n counts variants, not runs");
    assertEquals(-1.0, c.spearman().coefficient(), 1e-12);
    StudyVerdicts v = results.verdicts().get(0);
    assertEquals(3, v.spearman().variants());

    new StudyReport(spec, results).write();
    List<String> means = Files.readAllLines(spec.folder().resolve(StudyReport.MEANS_CSV));
    assertEquals(String.join(",", VariantMeans.COLUMNS), means.get(0));
    assertTrue(means.get(1).startsWith("a,other,linear-probe,2,"), means.get(1));
    List<String> verdicts = Files.readAllLines(spec.folder().resolve(StudyReport.VERDICTS_CSV));
    assertEquals(1 + results.correlations().size(), verdicts.size(), verdicts.toString());
    assertTrue(
        verdicts
            .get(1)
            .startsWith(
                "downstream NC1 vs linear-probe accuracy"
                    + " (other),other,linear-probe,negative,3,-1.0,"),
        verdicts.get(1));
    String html = Files.readString(spec.folder().resolve(StudyReport.HTML));
    assertTrue(html.contains("<table id=\"means\">"), "a variant means table with seeds");
    assertEquals(
        results.correlations().size(),
        new IndependentVerdicts(200)
            .check(
                spec.folder().resolve(StudyReport.CSV),
                spec.folder().resolve(StudyReport.VERDICTS_CSV)));
  }

  @Test
  void fewShotDraws_areAveragedPerShotCount_andDrawnAsADataScarcityCurve() throws Exception {
    String study =
        STUDY.replace(
            """
            [[transfer]]
            method = "full"
            shots = 5
            """,
            """
            [[transfer]]
            method = "full"
            shots = [5, 10]
            draws = 2
            """);
    FakeNclab nclab = new FakeNclab(List.of("a", "b", "c"));
    List<StepRecord> records = runner(study, nclab).run();
    List<List<String>> transfers =
        nclab.calls.stream()
            .filter(c -> c.get(0).equals("transfer") && c.contains("full"))
            .toList();
    assertEquals(6, transfers.size(), "one transfer per variant and shot count");
    assertTrue(
        transfers.get(0).containsAll(List.of("--shots", "5", "--draws", "2")),
        transfers.get(0).toString());
    StudyResults results = StudyResults.collect(spec, records);
    // a: linear probe, then full 5 shots draws 1 and 2, then full 10 shots draws 1 and 2
    List<ResultRow> a = results.rows().stream().filter(r -> r.group().equals("a")).toList();
    assertEquals(5, a.size());
    assertEquals(2, a.get(2).transfer().draw());
    // Draws of one shot count are averaged like seeds: 0.8 - 0.015 + 0.005 for 5 shots.
    VariantMeans five =
        results.means().stream()
            .filter(m -> m.group().equals("a") && m.method().equals("full 5 shots"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, five.runs());
    assertEquals(0.79, five.testAccuracy().mean(), 1e-12);
    assertEquals(
        1, five.sourceTestAccuracy().n(), "the run's own figure counts once, not per draw");

    new StudyReport(spec, results).write();
    Path curve = spec.folder().resolve("plots/scarcity-other-full.png");
    assertTrue(Files.isRegularFile(curve), "a data-scarcity curve for full fine-tuning");
    assertTrue(
        !Files.exists(spec.folder().resolve("plots/scarcity-other-linear-probe.png")),
        "no curve for a transfer with one amount of data");

    ConfigException noShots =
        assertThrows(
            ConfigException.class,
            () ->
                runner(
                    STUDY.replace(
                        "method = \"linear-probe\"", "method = \"linear-probe\"\ndraws = 3"),
                    nclab));
    assertTrue(
        noShots.getMessage().contains("transfer[0].draws: draws are independent few-shot samples"),
        noShots.getMessage());
  }

  @Test
  void resultsHaveARowPerRunAndTransfer_andTheKnownCorrelations() throws Exception {
    List<StepRecord> records = runner(STUDY, new FakeNclab(List.of("a", "b", "c"))).run();
    StudyResults results = StudyResults.collect(spec, records);
    assertEquals(6, results.rows().size());
    ResultRow b = results.rows().get(2);
    assertEquals("b", b.variant());
    assertEquals("ok", b.status());
    assertEquals("linear-probe", b.transfer().method());
    assertEquals(2.0, b.source().nc1Train());
    assertEquals(2.5, b.source().nc1Test());
    assertEquals(3.0, b.downstreamNc1());
    assertEquals(0.8, b.transfer().testAccuracy(), 1e-12);
    assertEquals(2, b.source().epochs());
    assertEquals(3.0, b.source().trainSeconds());

    StudyResults.CorrelationResult downstream = results.correlations().get(0);
    assertEquals("downstream NC1 vs linear-probe accuracy (other)", downstream.question());
    assertEquals(List.of("a", "b", "c"), downstream.variants());
    assertEquals(-1.0, downstream.spearman().coefficient(), 1e-12);
    assertEquals(-1.0, downstream.pearson().coefficient(), 1e-12);
    assertEquals(
        -1.0,
        downstream.spearman().high(),
        1e-12,
        "every defined resample of a perfect line is -1");
    assertEquals(
        List.of(
            "downstream NC1 vs linear-probe accuracy (other)",
            "source NC1 vs linear-probe accuracy (other)",
            "fine-tuned NC1 vs full 5 shots accuracy (other)",
            "source NC1 vs full 5 shots accuracy (other)"),
        results.correlations().stream().map(StudyResults.CorrelationResult::question).toList());

    Path report = new StudyReport(spec, results).write();
    String[] csv = Files.readString(spec.folder().resolve(StudyReport.CSV)).split("\n");
    assertEquals(7, csv.length);
    assertTrue(csv[0].startsWith(String.join(",", StudyReport.COLUMNS)), csv[0]);
    assertTrue(
        csv[0].endsWith(
            ",source_nc1_train:block1,source_nc1_train:features,downstream_nc1:block1,downstream_nc1:features"),
        csv[0]);
    assertTrue(
        csv[3].startsWith(
            "b,b,,ok,train.epochs=2,2,0.7,2.0,2.5,other,3.0,linear-probe,,,,,,100,1000,0.1,0.95,"),
        csv[3]);
    String json = Files.readString(spec.folder().resolve(StudyReport.JSON));
    assertTrue(json.contains("\"correlations\""), json);
    for (String plot :
        List.of(
            "correlation-01",
            "nc1-per-layer-source",
            "nc1-per-layer-other",
            "training-loss",
            "test-accuracy")) {
      byte[] png = Files.readAllBytes(spec.folder().resolve("plots/" + plot + ".png"));
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), plot);
      assertTrue(
          Files.readString(spec.folder().resolve("plots/" + plot + ".svg")).contains("<svg"), plot);
    }
    String html = Files.readString(report);
    assertTrue(
        html.contains("<table id=\"results\">") && html.contains("<table id=\"correlations\">"));
    assertTrue(html.contains("data:image/svg+xml;base64,"));
    // Three variants on a perfect line: only 2 of the 3! pairings are as extreme, p = 1/3, so the
    // verdict cannot be more than inconclusive.
    assertTrue(
        html.contains("<table id=\"verdicts\">")
            && html.contains(
                "<td class=\"l\">downstream NC1 vs linear-probe accuracy"
                    + " (other)</td><td>negative</td><td>3</td><td>-1.000</td>")
            && html.contains(
                "<td class=\"verdict\">inconclusive</td><td class=\"l\">not significant: spearman"
                    + " -1.00, 95% interval [-1.00, -1.00], permutation p = 0.333, 3 variants"),
        html);
    assertTrue(html.contains("[train]"), "the resolved configs are in the report");
    assertTrue(
        !html.contains("<script src") && !html.contains("<link ") && !html.contains("src=\"http"),
        "nothing to fetch: the report opens from disk");

    // The fake's runs end at test accuracy 0.5 + 0.1 * epochs on 2 classes: a (1 epoch, 0.6) and b
    // (2, 0.7) are below 1.5 / 2 = 0.75, near chance; c (0.8) is not. Each of the 4 correlations
    // has 3 variants.
    List<String> warnings = new StudyReport(spec, results).warnings();
    assertEquals(6, warnings.size(), warnings.toString());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "pre-training of a ended at test accuracy 0.6000, near chance (1/2 = 0.5000)"),
        warnings.get(0));
    assertTrue(
        warnings.get(1).startsWith("pre-training of b ended at test accuracy 0.7000"),
        warnings.get(1));
    assertTrue(
        warnings
            .get(2)
            .startsWith("downstream NC1 vs linear-probe accuracy (other): n = 3 variants;"),
        warnings.get(2));
    assertTrue(
        html.contains("<ul id=\"warnings\">") && html.contains("near chance"),
        "the report shows them");
    // Print resolution: 760 x 520 points at 300 dpi.
    BufferedImage png = ImageIO.read(spec.folder().resolve("plots/correlation-01.png").toFile());
    assertEquals((int) (760 * 300 / 72.0), png.getWidth()); // XChart truncates 3166.7
    assertEquals((int) (520 * 300 / 72.0), png.getHeight());
  }

  @Test
  void aCrashIsRetriedOnce_badInputIsNotRetried_andEveryFailureIsReported() throws Exception {
    FakeNclab nclab = new FakeNclab(List.of("a", "b", "c"));
    nclab.failure =
        key ->
            switch (key) {
              case "train a 0" -> 134; // crashed once, then fine
              case "train b 0" -> 2; // bad input: retrying cannot help
              case "train c 0", "train c 1" -> 3; // crashed twice
              default -> 0;
            };
    List<StepRecord> records = runner(STUDY, nclab).run();
    assertEquals("done", records.get(0).status());
    assertEquals(2, records.get(0).attempts());
    StepRecord b = records.stream().filter(r -> r.variant().equals("b")).findFirst().orElseThrow();
    assertEquals("failed", b.status());
    assertEquals(1, b.attempts());
    assertTrue(
        b.message().contains("error: train b failed on purpose") && b.message().contains("exit 2"),
        b.message());
    StepRecord c = records.stream().filter(r -> r.variant().equals("c")).findFirst().orElseThrow();
    assertEquals(2, c.attempts());
    assertTrue(c.message().contains("after 2 attempts"), c.message());
    assertTrue(
        console.toString().contains("b: train failed: error: train b failed on purpose"),
        console.toString());

    StudyResults results = StudyResults.collect(spec, records);
    assertTrue(
        results.rows().stream()
            .filter(r -> r.variant().equals("b"))
            .allMatch(r -> r.status().startsWith("failed: train: error: train b")),
        results.rows().toString());
    assertEquals(
        List.of("a"), results.correlations().get(0).variants(), "only the runs that have figures");
    String html = Files.readString(new StudyReport(spec, results).write());
    assertTrue(
        html.contains("Failed and skipped steps") && html.contains("train b failed on purpose"),
        html);

    List<StepRecord> again = runner(STUDY, nclab).run();
    assertTrue(
        again.stream()
            .filter(r -> r.variant().equals("a"))
            .allMatch(r -> r.status().equals("reused")));
    assertTrue(
        again.stream()
            .filter(r -> r.variant().equals("b"))
            .allMatch(r -> r.status().equals("done")),
        "a failed run is tried again when the study is");
  }

  @Test
  void aFinishedRunOfAnotherConfig_isNotReusedButReported() throws Exception {
    FakeNclab nclab = new FakeNclab(List.of("a", "b", "c"));
    runner(STUDY, nclab).run();
    List<StepRecord> records =
        runner(STUDY.replace("values = [1, 2, 3]", "values = [4, 2, 3]"), nclab).run();
    StepRecord a = records.get(0);
    assertEquals("failed", a.status());
    assertTrue(
        a.message().contains("holds a run of another config (differs at [train.epochs])"),
        a.message());
  }

  @Test
  void anUnfinishedRunIsHandedBackToTrain_whichResumesIt() throws Exception {
    FakeNclab nclab = new FakeNclab(List.of("a", "b", "c"));
    runner(STUDY, nclab).run();
    Path info = spec.folder().resolve("runs/b/run.json");
    Files.writeString(info, Files.readString(info).replace("\"finished\"", "\"interrupted\""));
    List<StepRecord> records = runner(STUDY, nclab).run();
    assertEquals(
        List.of("b train done", "b source-probe done"),
        statuses(records).subList(5, 7),
        "retrained, so its measurements are redone");
    assertEquals("a train reused", statuses(records).get(0));
  }
}
