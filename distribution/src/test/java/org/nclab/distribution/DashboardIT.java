package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.testkit.Prerequisites;

/**
 * The dashboard after training, as a user meets it: {@code train --dashboard} keeps serving once
 * the run has finished, and {@code nclab dashboard} on a folder of two real runs overlays them in
 * headless Chromium with smoothing, time axes, log/linear, a tag filter and downloads, each checked
 * against the runs' metrics.jsonl and a float64 reference of the smoothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  private Path work;
  private Process trainingWithDashboard;
  private String keptUrl;
  private Process folderDashboard;
  private String folderUrl;

  @BeforeAll
  void trainsTwoRuns(@TempDir Path dir) throws Exception {
    work = dir;
    String config = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    String[] common = {
      "--set",
      "run.output=\"" + work.resolve("runs") + "\"",
      "--set",
      "train.epochs=3",
      "--set",
      "train.log_every_steps=2",
      "--set",
      "probe[0].id=\"nc\""
    };
    List<String> a =
        new ArrayList<>(List.of("train", config, "--dashboard", "--set", "run.name=\"lr-0.05\""));
    a.addAll(List.of(common));
    trainingWithDashboard = nclab.start(work, a.toArray(String[]::new));
    List<String> b =
        new ArrayList<>(
            List.of(
                "train",
                config,
                "--set",
                "run.name=\"lr-0.02\"",
                "--set",
                "train.learning_rate=0.02"));
    b.addAll(List.of(common));
    var second = nclab.run(work, b.toArray(String[]::new));
    assertEquals(0, second.exitCode(), second.all());
    keptUrl =
        awaitPrinted(
            trainingWithDashboard,
            Pattern.compile("the dashboard keeps serving on (http://\\S+) until Ctrl-C"));
    folderDashboard =
        nclab.start(work, "dashboard", work.resolve("runs").toString(), "--port", "0");
    folderUrl = awaitPrinted(folderDashboard, Pattern.compile("dashboard of .*: (http://\\S+) "));
  }

  @AfterAll
  void stops() throws Exception {
    for (Process p : new Process[] {trainingWithDashboard, folderDashboard}) {
      if (p != null && p.isAlive()) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void trainDashboardKeepsServingTheFinishedRunUntilStopped() throws Exception {
    String out = nclab.outputSoFar(trainingWithDashboard);
    assertTrue(out.contains("test accuracy "), "training has ended first: " + out);
    assertTrue(trainingWithDashboard.isAlive(), "still serving after training");
    JsonNode runs = json.readTree(get(keptUrl + "api/runs"));
    assertEquals("finished", runs.get("runs").get(0).get("status").asText(), runs.toString());
    assertEquals(3, runs.get("runs").get(0).get("epoch").asInt());
    assertTrue(get(keptUrl).contains("/static/dashboard.js"), "the page itself");

    trainingWithDashboard
        .destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM's shutdown hooks end the wait
    assertTrue(trainingWithDashboard.waitFor(30, TimeUnit.SECONDS), "stops when told");
  }

  @Test
  void twoRunsOverlaidWithSmoothingEqualTheirFilesInChromium() throws Exception {
    Prerequisites.require(
        WebDriverClient.available(),
        "headless Chromium not installed (apt-get install chromium chromium-driver, as"
            + " scripts/setup.sh does)");
    Map<String, List<JsonNode>> files = new TreeMap<>();
    for (String run : List.of("lr-0.02", "lr-0.05")) {
      List<JsonNode> lines = new ArrayList<>();
      for (String line :
          Files.readAllLines(work.resolve("runs").resolve(run).resolve("metrics.jsonl"))) {
        lines.add(json.readTree(line));
      }
      files.put(run, lines);
    }
    double weight = 0.6;
    try (WebDriverClient browser = new WebDriverClient(1400, 1400)) {
      browser.open(folderUrl + "?poll=500&smoothing=" + weight);
      JsonNode charts =
          awaitCharts(
              browser,
              c -> c.has("loss") && c.has("probe:nc1") && runsIn(c.get("loss")).size() == 2);
      browser.screenshot(Path.of("target", "dashboard-overlay-it.png"));
      assertEquals(
          "[\"lr-0.02\",\"lr-0.05\"]",
          browser.execute("return window.nclab.selected();").toString(),
          "a small folder's runs are all overlaid");

      int compared = 0;
      for (String id : (Iterable<String>) charts::fieldNames) {
        JsonNode chart = charts.get(id);
        JsonNode legend = chart.get("legend");
        assertEquals(
            chart.get("series").size(), legend.size(), id + ": every series in the legend");
        for (int i = 0; i < legend.size(); i++) {
          assertFalse(
              legend.get(i).get("value").asText().isEmpty(),
              id + ": a value without hovering: " + legend.get(i));
          for (int j = 0; j < i; j++) {
            boolean sameRun =
                chart.get("series").get(i).get("run").equals(chart.get("series").get(j).get("run"));
            // two series with equal figures (a 2-block cnn's block2 and features) still differ in
            // dash or colour
            assertTrue(
                !legend.get(i).get("dash").equals(legend.get(j).get("dash"))
                    || !legend.get(i).get("color").equals(legend.get(j).get("color")),
                id + " " + i + " " + j);
            if (!sameRun) {
              assertNotEquals(
                  legend.get(i).get("color"),
                  legend.get(j).get("color"),
                  id + ": runs differ in colour");
            }
          }
        }
        for (JsonNode series : chart.get("series")) {
          List<JsonNode> file = files.get(series.get("run").asText());
          List<Double> values = new ArrayList<>();
          List<String> expected = new ArrayList<>();
          for (JsonNode line : file) {
            JsonNode value = line.get(series.get("key").asText());
            if (line.get("phase").asText().equals(series.get("phase").asText())
                && value != null
                && value.isNumber()) {
              expected.add(line.get("step").asLong() + "=" + value.asDouble());
              values.add(value.asDouble());
            }
          }
          List<String> drawn = new ArrayList<>();
          for (JsonNode point : series.get("points")) {
            drawn.add(point.get(0).asLong() + "=" + point.get(1).asDouble());
          }
          String what = id + " " + series.get("label");
          assertEquals(expected, drawn, what);
          // step figures smoothed as TensorBoard does; an epoch's figure is drawn as it is, with
          // markers
          boolean step = series.get("phase").asText().equals("step");
          double[] reference = smoothed(values, step ? weight : 0);
          for (int k = 0; k < reference.length; k++) {
            assertEquals(
                reference[k],
                series.get("smoothed").get(k).asDouble(),
                1e-12 * Math.abs(reference[k]),
                what);
            assertEquals(
                reference[k],
                series.get("drawn").get(k).asDouble(),
                1e-12 * Math.abs(reference[k]),
                what);
          }
          assertEquals(
              !step,
              series.get("markers").asBoolean(),
              what + ": epoch figures are lines with markers");
          compared += values.size();
        }
      }
      assertTrue(compared > 100, "points compared: " + compared);

      // log for NC1, which spans decades; linear for accuracy and bounded or counted probe figures
      assertTrue(charts.get("probe:nc1").get("log").asBoolean());
      assertFalse(charts.get("accuracy").get("log").asBoolean());
      for (String bounded :
          List.of("probe:nc4_ncc_mismatch", "probe:classes_present", "probe:nc3_self_duality")) {
        assertTrue(charts.has(bounded) && !charts.get(bounded).get("log").asBoolean(), bounded);
      }
      browser.execute("window.nclab.toggleLog('probe:nc1'); return 0;");
      assertFalse(charts(browser).get("probe:nc1").get("log").asBoolean(), "switched to linear");
      String explanation =
          browser
              .execute(
                  "return document.querySelector('[data-chart=\"probe:nc1\"]"
                      + " .explain').textContent;")
              .asText();
      assertTrue(explanation.contains("within-class variability"), explanation);

      // time axes: relative from each run's first line, and wall time as in the files
      browser.execute("window.nclab.setXAxis('relative'); return 0;");
      JsonNode relative = charts(browser).get("loss").get("x");
      assertTrue(
          relative.get(0).asDouble() >= 0 && relative.get(relative.size() - 1).asDouble() < 600,
          relative.toString());
      browser.execute("window.nclab.setXAxis('wall'); return 0;");
      JsonNode wall = charts(browser).get("loss").get("x");
      double first =
          files.values().stream()
              .mapToDouble(l -> l.get(0).get("wall_time").asDouble())
              .min()
              .orElseThrow();
      assertEquals(first, wall.get(0).asDouble(), 1e-6, "the earliest line of either run");
      browser.execute("window.nclab.setXAxis('step'); return 0;");

      // the tag filter hides what does not match
      browser.execute("window.nclab.setFilter('nc1'); return 0;");
      JsonNode filtered = charts(browser);
      assertTrue(filtered.get("probe:nc1").get("visible").asBoolean());
      assertFalse(filtered.get("loss").get("visible").asBoolean());
      browser.execute("window.nclab.setFilter(''); return 0;");

      // downloads: every point of the chart, as in the files
      String csv = browser.execute("return window.nclab.download('accuracy', 'csv');").asText();
      String[] rows = csv.split("\n");
      assertEquals("run,series,key,phase,method,step,wall_time,value", rows[0]);
      long accuracyPoints = 0;
      for (JsonNode series : charts.get("accuracy").get("series")) {
        accuracyPoints += series.get("points").size();
      }
      assertEquals(accuracyPoints, rows.length - 1);
      List<String> fromFile = new ArrayList<>();
      List<String> fromCsv = new ArrayList<>();
      for (JsonNode l : files.get("lr-0.02")) {
        if (l.get("phase").asText().equals("epoch")) {
          fromFile.add(
              l.get("step").asLong()
                  + " "
                  + l.get("wall_time").asDouble()
                  + " "
                  + l.get("test/accuracy").asDouble());
        }
      }
      for (String row : rows) {
        String[] cells = row.split(",");
        if (cells[0].equals("lr-0.02")
            && cells[2].equals("test/accuracy")
            && cells[3].equals("epoch")) {
          fromCsv.add(
              Long.parseLong(cells[5])
                  + " "
                  + Double.parseDouble(cells[6])
                  + " "
                  + Double.parseDouble(cells[7]));
        }
      }
      assertEquals(fromFile, fromCsv, csv);
      JsonNode downloaded =
          json.readTree(
              browser.execute("return window.nclab.download('accuracy', 'json');").asText());
      assertEquals(charts.get("accuracy").get("series").size(), downloaded.size());
      assertEquals(
          3,
          downloaded.get(0).get("points").get(0).size(),
          "[wall_time, step, value] as TensorBoard's JSON");

      // the header: phase, epoch N/M, ETA, best test accuracy of each run
      JsonNode progress = browser.execute("return window.nclab.progress();");
      assertEquals(2, progress.size(), progress.toString());
      for (JsonNode row : progress) {
        double best =
            files.get(row.get(0).asText()).stream()
                .filter(l -> l.get("phase").asText().equals("epoch"))
                .mapToDouble(l -> l.get("test/accuracy").asDouble())
                .max()
                .orElseThrow();
        assertEquals("finished", row.get(1).asText(), row.toString());
        assertEquals("3/3", row.get(2).asText(), row.toString());
        assertTrue(
            row.get(4).asText().startsWith(String.format("%.4f (epoch ", best)),
            row + " vs " + best);
      }
    }
  }

  @Test
  void smoothingInThePageEqualsAFloat64ReferenceLoop() throws Exception {
    Prerequisites.require(
        WebDriverClient.available(),
        "headless Chromium not installed (apt-get install chromium chromium-driver, as"
            + " scripts/setup.sh does)");
    Random random = new Random(3);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      values.add(Math.exp(-i / 50.0) + 0.3 * random.nextGaussian());
    }
    try (WebDriverClient browser = new WebDriverClient(800, 600)) {
      browser.open(folderUrl);
      awaitCharts(browser, c -> c.has("loss"));
      for (double weight : new double[] {0, 0.3, 0.6, 0.95, 0.999}) {
        JsonNode page =
            browser.execute("return window.nclab.smooth(" + values + ", " + weight + ");");
        double[] reference = smoothed(values, weight);
        assertEquals(reference.length, page.size());
        for (int i = 0; i < reference.length; i++) {
          assertEquals(
              reference[i],
              page.get(i).asDouble(),
              1e-12 * Math.max(1, Math.abs(reference[i])),
              "w " + weight + " i " + i);
        }
      }
      JsonNode constant = browser.execute("return window.nclab.smooth([4, 4, 4], 0.9);");
      assertEquals("[4,4,4]", constant.toString(), "a constant is left alone");
    }
  }

  /**
   * TensorBoard's debiased exponential moving average, written out from its definition: s_t =
   * (w·a_{t-1} + (1 − w)·y_t) / (1 − w^t) with a_0 = 0 and a_t the undivided average.
   */
  private static double[] smoothed(List<Double> values, double weight) {
    double[] out = new double[values.size()];
    boolean constant = values.stream().distinct().count() <= 1;
    double average = 0;
    int count = 0;
    for (int i = 0; i < out.length; i++) {
      double y = values.get(i);
      if (constant || !Double.isFinite(y)) {
        out[i] = y;
        continue;
      }
      average = weight * average + (1 - weight) * y;
      count++;
      out[i] = average / (1 - Math.pow(weight, count));
    }
    return out;
  }

  private static List<String> runsIn(JsonNode chart) {
    List<String> runs = new ArrayList<>();
    chart
        .get("series")
        .forEach(
            s -> {
              if (!runs.contains(s.get("run").asText())) {
                runs.add(s.get("run").asText());
              }
            });
    return runs;
  }

  private JsonNode charts(WebDriverClient browser) throws Exception {
    return browser.execute("return window.nclab ? window.nclab.charts() : {};");
  }

  private JsonNode awaitCharts(WebDriverClient browser, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = charts(browser);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("charts not seen within " + PATIENCE + ": " + last);
  }

  private String get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url);
    return response.body();
  }

  private String awaitPrinted(Process process, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      String out = nclab.outputSoFar(process);
      Matcher m = pattern.matcher(out);
      if (m.find()) {
        return m.group(1);
      }
      assertTrue(process.isAlive(), () -> "ended before printing " + pattern + ":\n" + out);
      Thread.sleep(250);
    }
    throw new AssertionError("not printed: " + pattern + "\n" + nclab.outputSoFar(process));
  }
}
