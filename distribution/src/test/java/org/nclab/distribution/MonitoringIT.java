package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.testkit.Prerequisites;

/**
 * Watching a live run as a user would: {@code nclab train --dashboard} with the Prometheus endpoint
 * on, a scrape while it trains, the sockets it listens on, and the dashboard page in headless
 * Chromium, whose chart data must equal metrics.jsonl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  private Path work;
  private Process training;
  private String dashboard;
  private String prometheus;
  private Path run;

  @BeforeAll
  void startsALongTrainingWithEverythingOn(@TempDir Path dir) throws Exception {
    work = dir;
    Path config = work.resolve("watched.toml");
    Files.writeString(
        config,
        """
        [run]
        name = "watched"
        output = "runs"

        [dataset]
        id = "synthetic"
        num_classes = 4
        train_size = 512
        test_size = 128
        height = 12
        width = 12

        [model]
        id = "cnn"
        widths = [8, 16]
        pool_after = [1, 2]

        [train]
        epochs = 5000
        batch_size = 64
        log_every_steps = 2

        [checkpoint]
        every_epochs = 1000

        [[probe]]
        id = "nc"

        [metrics]
        prometheus = true
        prometheus_port = 0
        """);
    training = nclab.start(work, "train", config.toString(), "--dashboard");
    dashboard = awaitPrinted(Pattern.compile("dashboard: (http://\\S+)"));
    prometheus = awaitPrinted(Pattern.compile("prometheus: (http://\\S+)"));
    run = work.resolve("runs/watched");
  }

  @AfterAll
  void stopsTheTraining() throws Exception {
    if (training != null) {
      training.destroy(); // SIGTERM: the run stops after its step and records "interrupted"
      if (!training.waitFor(60, TimeUnit.SECONDS)) {
        training.destroyForcibly();
      }
    }
  }

  @Test
  void prometheusAnswersWithNclabMetersDuringTheRun() throws Exception {
    String scraped =
        awaitTrue(
            () -> get(prometheus),
            text -> text.contains("nclab_loss{") && text.contains("nclab_probe_nc1{"));
    assertTrue(training.isAlive(), "scraped while training");
    assertTrue(scraped.contains("run=\"watched\""), scraped);
    assertTrue(
        Pattern.compile(
                "nclab_probe_nc1\\{layer=\"block1\",method=\"\",phase=\"epoch\",run=\"watched\",split=\"train\"}"
                    + " \\d")
            .matcher(scraped)
            .find(),
        scraped);
    assertTrue(
        scraped.contains(
            "nclab_accuracy{layer=\"\",method=\"\",phase=\"epoch\",run=\"watched\",split=\"test\"}"),
        scraped);
  }

  @Test
  void everySocketTheRunListensOnIsLoopback() throws Exception {
    assertTrue(
        dashboard.startsWith("http://127.0.0.1:") && prometheus.startsWith("http://127.0.0.1:"),
        dashboard + " " + prometheus);
    Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self/fd")),
        "needs Linux's /proc to list the process's sockets");
    List<InetAddress> listening = listeningAddressesOf(training.pid());
    assertEquals(2, listening.size(), "the dashboard and the Prometheus endpoint: " + listening);
    assertTrue(listening.stream().allMatch(InetAddress::isLoopbackAddress), listening.toString());
  }

  @Test
  void dashboardChartsInChromiumEqualMetricsJsonl() throws Exception {
    Prerequisites.require(
        WebDriverClient.available(),
        "headless Chromium not installed (apt-get install chromium chromium-driver, as"
            + " scripts/setup.sh does)");
    try (WebDriverClient browser = new WebDriverClient(1400, 1100)) {
      browser.open(dashboard + "?poll=500");
      JsonNode seen =
          awaitTrue(
              () ->
                  browser.execute(
                      "return {lines: window.nclab ? window.nclab.lines() : 0,"
                          + " charts: window.nclab ? window.nclab.charts() : {}};"),
              page ->
                  page.get("charts").has("loss")
                      && page.get("charts").has("probe:nc1")
                      && page.get("charts").get("loss").get("series").get(0).get("points").size()
                          >= 3);
      browser.screenshot(Path.of("target", "dashboard-it.png"));
      assertTrue(training.isAlive(), "the page was read while the run trained");

      List<JsonNode> file = new ArrayList<>();
      for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
        file.add(json.readTree(line));
      }
      List<JsonNode> shown =
          file.subList(
              0, seen.get("lines").asInt()); // the page read these, the file has grown since
      int compared = 0;
      for (String chart :
          List.of("loss", "accuracy", "lr", "throughput", "probe:nc1", "probe:cdnv")) {
        assertTrue(
            seen.get("charts").has(chart), chart + " missing: " + seen.get("charts").fieldNames());
      }
      for (String chart : (Iterable<String>) seen.get("charts")::fieldNames) {
        for (JsonNode series : seen.get("charts").get(chart).get("series")) {
          List<String> expected = new ArrayList<>();
          for (JsonNode line : shown) {
            JsonNode value = line.get(series.get("key").asText());
            if (line.get("phase").asText().equals(series.get("phase").asText())
                && value != null
                && value.isNumber()) {
              expected.add(line.get("step").asLong() + "=" + value.asDouble());
            }
          }
          List<String> drawn = new ArrayList<>();
          for (JsonNode point : series.get("points")) {
            drawn.add(point.get(0).asLong() + "=" + point.get(1).asDouble());
          }
          assertFalse(drawn.isEmpty(), chart + " " + series.get("label"));
          assertEquals(expected, drawn, chart + " " + series.get("label"));
          compared += drawn.size();
        }
      }
      assertTrue(compared > 20, "points compared: " + compared);
    }
  }

  @Test
  void benchComparesFileOnlyWithEveryRegistry() throws Exception {
    String config = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    var bench =
        nclab.run(
            work, "bench", config, "--metrics", "--steps", "3", "--rounds", "2", "--warmup", "1");
    assertEquals(0, bench.exitCode(), bench.all());
    assertTrue(
        bench.out().contains("round 2/2: file only")
            && bench.out().contains("ratio all registries / file only: "),
        bench.out());
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url);
    return response.body();
  }

  private String awaitPrinted(Pattern pattern) throws Exception {
    return awaitTrue(
        () -> {
          Matcher m = pattern.matcher(nclab.outputSoFar(training));
          return m.find() ? m.group(1) : null;
        },
        found -> found != null);
  }

  private interface Probe<T> {
    T get() throws Exception;
  }

  /** Asks again every 250 ms until the answer passes; fails after {@link #PATIENCE}. */
  private <T> T awaitTrue(Probe<T> probe, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      assertTrue(training.isAlive(), () -> "training ended early:\n" + output());
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not seen within " + PATIENCE + "; last: " + last + "\n" + output());
  }

  private String output() {
    try {
      return nclab.outputSoFar(training);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * The local addresses of the TCP sockets a process listens on: its socket inodes from
   * /proc/PID/fd matched against /proc/net/tcp and tcp6 (state 0A is LISTEN).
   */
  private static List<InetAddress> listeningAddressesOf(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away while listing
        }
      }
    }
    List<InetAddress> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        if (fields[3].equals("0A") && inodes.contains(fields[9])) {
          out.add(kernelAddress(fields[1].split(":")[0]));
        }
      }
    }
    return out;
  }

  /** The kernel prints each 32-bit word of an address in little-endian byte order. */
  private static InetAddress kernelAddress(String hex) throws IOException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      int word = i / 4;
      int at = (word * 4 + 3 - i % 4) * 2;
      bytes[i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
    }
    return InetAddress.getByAddress(bytes);
  }
}
