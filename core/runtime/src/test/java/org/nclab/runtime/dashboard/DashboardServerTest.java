package org.nclab.runtime.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.nclab.runtime.metrics.ListeningSockets;
import org.nclab.runtime.run.RunFolder;

class DashboardServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String url) throws Exception {
    HttpResponse<String> response = get(url);
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    return json.readTree(response.body());
  }

  private static Path run(Path parent, String name, String status, String... lines)
      throws Exception {
    Path run = Files.createDirectories(parent.resolve(name));
    Files.writeString(
        run.resolve("metrics.jsonl"), String.join("\n", lines) + (lines.length > 0 ? "\n" : ""));
    Files.writeString(
        run.resolve("run.json"),
        "{\"name\":\""
            + name
            + "\",\"status\":\""
            + status
            + "\",\"model\":\"cnn\",\"dataset\":\"synthetic\",\"epochsCompleted\":0,\"finalMetrics\":{}}");
    Files.writeString(run.resolve("config.toml"), "[train]\nepochs = 3\n");
    return run;
  }

  @Test
  void servesAStudysRunsAndTheirMetricsIncrementally(@TempDir Path study) throws Exception {
    Path a =
        run(
            study,
            "a",
            "running",
            "{\"phase\":\"step\",\"epoch\":1,\"step\":5,\"train/loss\":1.5,\"train/accuracy\":0.25}",
            "{\"phase\":\"epoch\",\"epoch\":1,\"step\":10,\"train/loss\":1.25,"
                + "\"test/accuracy\":0.5,\"probe/train/block1/nc1\":3.0}");
    run(study, "b", "finished");
    Files.createDirectories(study.resolve("not-a-run"));
    // "running" is true while a live process holds the run's lock, as a trainer does
    try (AutoCloseable training = RunFolder.existing(a).lock();
        DashboardServer server = DashboardServer.start(study, 0)) {
      String base = server.url();
      assertTrue(base.startsWith("http://127.0.0.1:"), base);

      JsonNode runs = getJson(base + "api/runs");
      assertEquals(study.getFileName().toString(), runs.get("title").asText());
      assertEquals(2, runs.get("runs").size(), runs.toString());
      JsonNode first = runs.get("runs").get(0);
      assertEquals("a", first.get("id").asText());
      assertEquals("running", first.get("status").asText());
      assertEquals(3, first.get("epochs").asInt());
      assertEquals(1, first.get("epoch").asInt());
      assertEquals(10, first.get("step").asInt());
      assertEquals(0.5, first.get("last").get("test/accuracy").asDouble());

      JsonNode all = getJson(base + "api/runs/a/metrics?from=0");
      assertEquals(2, all.get("total").asInt());
      assertEquals(3.0, all.get("lines").get(1).get("probe/train/block1/nc1").asDouble());

      // A line being written is not served until it is complete.
      Files.writeString(
          a.resolve("metrics.jsonl"),
          "{\"phase\":\"step\",\"epoch\":2,\"step\":15,\"train/loss\":1.0}\n{\"phase\":\"st",
          StandardOpenOption.APPEND);
      JsonNode added = getJson(base + "api/runs/a/metrics?from=2");
      assertEquals(1, added.get("lines").size(), added.toString());
      assertEquals(15, added.get("lines").get(0).get("step").asInt());
      assertEquals(all.get("generation").asInt(), added.get("generation").asInt());

      // A resumed run cuts the file back: a new generation tells the page to start over.
      Files.writeString(
          a.resolve("metrics.jsonl"),
          "{\"phase\":\"step\",\"epoch\":1,\"step\":5,\"train/loss\":1.5}\n");
      JsonNode cut = getJson(base + "api/runs/a/metrics?from=3");
      assertTrue(cut.get("generation").asInt() != all.get("generation").asInt(), cut.toString());
      assertEquals(1, getJson(base + "api/runs/a/metrics?from=0").get("total").asInt());

      assertEquals(404, get(base + "api/runs/nope/metrics").statusCode());
      assertEquals(404, get(base + "api/runs/..%2Fetc/metrics").statusCode());
      assertEquals(404, get(base + "static/../../dashboard/DashboardServer.class").statusCode());
    }
  }

  @Test
  void servesThePageAndItsBundledChartLibraryOnLoopbackOnly(@TempDir Path runs) throws Exception {
    Path one = run(runs, "one", "running");
    try (DashboardServer server = DashboardServer.start(one, 0)) {
      HttpResponse<String> page = get(server.url());
      assertEquals(200, page.statusCode());
      assertTrue(
          page.body().contains("/static/uPlot.iife.min.js")
              && page.body().contains("/static/dashboard.js"));
      assertFalse(
          page.body().contains("https://"), "nothing is fetched from the internet at view time");
      for (String file :
          new String[] {
            "uPlot.iife.min.js",
            "uPlot.min.css",
            "dashboard.js",
            "dashboard.css",
            "uPlot.LICENSE.txt"
          }) {
        HttpResponse<String> response = get(server.url() + "static/" + file);
        assertEquals(200, response.statusCode(), file);
        assertFalse(response.body().isEmpty(), file);
      }
      JsonNode runsJson = getJson(server.url() + "api/runs");
      assertEquals(1, runsJson.get("runs").size(), "a run folder shows itself alone");
      assertTrue(server.address().getAddress().isLoopbackAddress());
      if (ListeningSockets.available()) {
        assertTrue(
            ListeningSockets.on(server.address().getPort()).stream()
                .allMatch(InetAddress::isLoopbackAddress));
      }
    }
  }

  @Test
  void aFolderWithoutRunsIsRefusedWithTheFix(@TempDir Path empty) {
    UserException e = assertThrows(UserException.class, () -> DashboardServer.start(empty, 0));
    assertTrue(
        e.getMessage().contains("nor a folder of runs")
            && e.getMessage().contains("runs/quickstart"),
        e.getMessage());
    UserException missing =
        assertThrows(UserException.class, () -> DashboardServer.start(empty.resolve("nope"), 0));
    assertTrue(missing.getMessage().contains("no such folder"), missing.getMessage());
  }

  /** A raw HTTP/1.1 request, since HttpClient will not send a Host header of our choosing. */
  private static String rawGet(DashboardServer server, String path, String host) throws Exception {
    try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void answersOnlyRequestsAddressedToALoopbackName(@TempDir Path runs) throws Exception {
    Path one =
        run(
            runs,
            "one",
            "running",
            "{\"phase\":\"step\",\"epoch\":1,\"step\":5,\"train/loss\":1.5}");
    try (DashboardServer server = DashboardServer.start(one, 0)) {
      int port = server.address().getPort();
      // DNS rebinding: evil.example resolves to 127.0.0.1, and its page reads the API.
      for (String host :
          new String[] {
            "evil.example",
            "evil.example:" + port,
            "127.0.0.1",
            "127.0.0.1:" + (port + 1),
            "localhost.evil.example:" + port
          }) {
        String response = rawGet(server, "/api/runs/one/metrics", host);
        assertTrue(response.startsWith("HTTP/1.1 403"), host + ": " + response);
        assertFalse(response.contains("train/loss"), host + ": " + response);
      }
      for (String host :
          new String[] {
            "127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port
          }) {
        String response = rawGet(server, "/api/runs/one/metrics", host);
        assertTrue(
            response.startsWith("HTTP/1.1 200") && response.contains("train/loss"),
            host + ": " + response);
      }
    }
  }

  @Test
  void aServerErrorSaysNothingOfItsCause(@TempDir Path runs) throws Exception {
    Path broken = Files.createDirectories(runs.resolve("broken"));
    Files.writeString(broken.resolve("run.json"), "{}");
    Files.createDirectories(
        broken.resolve("metrics.jsonl")); // a folder where the file should be: reading fails
    try (DashboardServer server = DashboardServer.start(broken, 0)) {
      HttpResponse<String> response = get(server.url() + "api/runs/broken/metrics");
      assertEquals(500, response.statusCode(), response.body());
      assertFalse(
          response.body().contains("Exception")
              || response.body().contains(runs.toString())
              || response.body().contains("metrics.jsonl"),
          response.body());
      assertTrue(response.body().contains("internal error"), response.body());
    }
  }

  @Test
  void aTransferOutputIsListedAsATransfer(@TempDir Path folder) throws Exception {
    run(
        folder,
        "pretrained",
        "finished",
        "{\"phase\":\"epoch\",\"epoch\":1,\"step\":10,\"test/accuracy\":0.5}");
    Path transfer = Files.createDirectories(folder.resolve("to-mnist"));
    Files.writeString(
        transfer.resolve("metrics.jsonl"),
        "{\"phase\":\"transfer\",\"method\":\"linear-probe\",\"epoch\":0,\"step\":0,\"test/accuracy\":0.75}\n");
    try (DashboardServer server = DashboardServer.start(folder, 0)) {
      JsonNode runs = getJson(server.url() + "api/runs").get("runs");
      assertEquals("pretrained", runs.get(0).get("id").asText());
      assertEquals("run", runs.get(0).get("kind").asText());
      assertEquals("to-mnist", runs.get(1).get("id").asText());
      assertEquals("transfer", runs.get(1).get("kind").asText());
      assertEquals("transferring", runs.get(1).get("status").asText(), "no transfer.json yet");
    }
  }
}
