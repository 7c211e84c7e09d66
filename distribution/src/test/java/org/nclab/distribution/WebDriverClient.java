package org.nclab.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver protocol (plain JSON over HTTP on
 * loopback): open a page, run a script in it, take a screenshot. Four calls do not justify
 * Selenium's dozen jars on the test class path.
 */
final class WebDriverClient implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Process driver;
  private final String base;
  private final String session;

  /**
   * Whether Debian's chromium and chromium-driver are installed (scripts/setup.sh installs them).
   */
  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  WebDriverClient(int width, int height) throws IOException, InterruptedException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    driver =
        new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    base = "http://127.0.0.1:" + port;
    try {
      waitUntilReady();
      Map<String, Object> chrome =
          Map.of(
              "binary", CHROMIUM.toString(),
              "args",
                  List.of(
                      "--headless=new",
                      "--no-sandbox",
                      "--disable-gpu",
                      "--disable-dev-shm-usage",
                      "--window-size=" + width + "," + height));
      JsonNode created =
          call(
              "POST",
              "/session",
              Map.of(
                  "capabilities",
                  Map.of(
                      "alwaysMatch",
                      Map.of("browserName", "chrome", "goog:chromeOptions", chrome))));
      session = created.get("value").get("sessionId").asText();
    } catch (IOException | RuntimeException e) {
      driver.destroyForcibly();
      throw e;
    }
  }

  void open(String url) throws IOException, InterruptedException {
    call("POST", "/session/" + session + "/url", Map.of("url", url));
  }

  /** Runs {@code script} (a function body that returns a value) in the page. */
  JsonNode execute(String script) throws IOException, InterruptedException {
    return call(
            "POST",
            "/session/" + session + "/execute/sync",
            Map.of("script", script, "args", List.of()))
        .get("value");
  }

  void screenshot(Path png) throws IOException, InterruptedException {
    String base64 = call("GET", "/session/" + session + "/screenshot", null).get("value").asText();
    Files.write(png, Base64.getDecoder().decode(base64));
  }

  private void waitUntilReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (call("GET", "/status", null).get("value").get("ready").asBoolean()) {
          return;
        }
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("chromedriver did not start on " + base, notYet);
        }
      }
      Thread.sleep(100);
    }
  }

  private JsonNode call(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    request =
        body == null
            ? request.method(method, HttpRequest.BodyPublishers.noBody())
            : request
                .method(
                    method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .header("Content-Type", "application/json");
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "WebDriver "
              + method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return json.readTree(response.body());
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      call("DELETE", "/session/" + session, null);
    } finally {
      driver.destroy();
      driver.waitFor();
    }
  }
}
