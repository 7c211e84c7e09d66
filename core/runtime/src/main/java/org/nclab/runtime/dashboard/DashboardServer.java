package org.nclab.runtime.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.moandjiezana.toml.Toml;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nclab.api.UserException;
import org.nclab.runtime.metrics.LocalHttp;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.run.RunInfo;
import org.nclab.runtime.run.RunInfoFile;
import org.nclab.runtime.transfer.TransferReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard: one page on {@code http://127.0.0.1:PORT/} with charts of a run's loss,
 * accuracy, learning rate, throughput and probe (NC) figures per layer, and a table of runs when it
 * watches a study folder. Everything comes from the run folders' files ({@code metrics.jsonl},
 * {@code run.json}, {@code config.toml}), so the training loop does nothing for it, and a finished
 * run looks the same as a live one. The page and its chart library (uPlot, MIT licence) are served
 * from nclab's jar: nothing is fetched from the internet at view time.
 *
 * <p>JSON API, what the page polls:
 *
 * <pre>
 * GET /api/runs                       {"title", "runs": [{"id", "kind" (run|transfer), "status", "model", "dataset",
 *                                       "epoch", "epochs", "step", "last": {key: value}}]}
 * GET /api/runs/ID/metrics?from=N     {"generation", "from", "total", "lines": [metrics.jsonl lines from N]}
 * </pre>
 *
 * Listens on loopback only: the page shows file paths and figures of the user's runs. For the same
 * reason it answers only requests addressed to {@code 127.0.0.1:PORT}, {@code localhost:PORT} or
 * {@code [::1]:PORT}: a web page on another site that rebinds its own name to 127.0.0.1 (DNS
 * rebinding) sends its own name as Host and gets 403. Errors answer 500 without their text, which
 * goes to the console.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final String RESOURCES = "/org/nclab/runtime/dashboard/";
  private static final Map<String, String> STATIC =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "dashboard.js", "text/javascript; charset=utf-8",
          "dashboard.css", "text/css; charset=utf-8",
          "uPlot.iife.min.js", "text/javascript; charset=utf-8",
          "uPlot.min.css", "text/css; charset=utf-8",
          "uPlot.LICENSE.txt", "text/plain; charset=utf-8");

  /** Numbers on a metrics.jsonl line that say when, not what. */
  private static final Set<String> NOT_FIGURES = Set.of("epoch", "step", "wall_time");

  private final HttpServer server;
  private final ExecutorService executor;
  private final WatchedRuns runs;
  private final ObjectMapper json;

  private DashboardServer(
      HttpServer server, ExecutorService executor, WatchedRuns runs, ObjectMapper json) {
    this.server = server;
    this.executor = executor;
    this.runs = runs;
    this.json = json;
  }

  /**
   * Serves the runs in {@code folder} (a run folder or a folder of runs) on 127.0.0.1.
   *
   * @param port 0 for any free port
   */
  public static DashboardServer start(Path folder, int port) {
    if (port < 0 || port > 65_535) {
      throw new UserException(
          "dashboard port " + port + " is not a port; use 1-65535, or 0 for any free port");
    }
    ObjectMapper json = new ObjectMapper();
    WatchedRuns runs = WatchedRuns.of(folder, json);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UserException(
          "cannot serve the dashboard on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "); choose another port, or 0 for any free port");
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            new ThreadFactoryBuilder().setNameFormat("nclab-dashboard-%d").setDaemon(true).build());
    DashboardServer dashboard = new DashboardServer(server, executor, runs, json);
    server.createContext("/", dashboard::handle);
    server.setExecutor(executor);
    server.start();
    return dashboard;
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8050/}. */
  public String url() {
    return LocalHttp.url(server.getAddress()) + "/";
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      if (!addressedToUs(exchange.getRequestHeaders().getFirst("Host"))) {
        send(
            exchange,
            403,
            "text/plain; charset=utf-8",
            bytes(
                "this dashboard answers only to 127.0.0.1:"
                    + address().getPort()
                    + " and localhost:"
                    + address().getPort()
                    + "\n"));
      } else if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain; charset=utf-8", bytes("only GET\n"));
      } else if (path.equals("/")) {
        sendResource(exchange, "index.html");
      } else if (path.startsWith("/static/")
          && STATIC.containsKey(path.substring("/static/".length()))) {
        sendResource(exchange, path.substring("/static/".length()));
      } else if (path.equals("/api/runs")) {
        sendJson(exchange, runList());
      } else if (path.startsWith("/api/runs/") && path.endsWith("/metrics")) {
        String id =
            URLDecoder.decode(
                path.substring("/api/runs/".length(), path.length() - "/metrics".length()),
                StandardCharsets.UTF_8);
        Path run = runs.runs().get(id);
        if (run == null) {
          send(exchange, 404, "text/plain; charset=utf-8", bytes("no run " + id + "\n"));
        } else {
          sendJson(exchange, metrics(run, fromParameter(exchange.getRequestURI().getRawQuery())));
        }
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
      }
    } catch (RuntimeException e) {
      // The text may name files and classes; the page only needs to know it failed.
      LOG.warn("dashboard request {} failed", exchange.getRequestURI().getPath(), e);
      send(
          exchange,
          500,
          "text/plain; charset=utf-8",
          bytes("internal error; the nclab console says why\n"));
    }
  }

  /** Whether a Host header names this server by a loopback name and its port. */
  boolean addressedToUs(String host) {
    if (host == null) {
      return false;
    }
    String port = ":" + address().getPort();
    String name = host.trim().toLowerCase(Locale.ROOT);
    return name.equals("127.0.0.1" + port)
        || name.equals("localhost" + port)
        || name.equals("[::1]" + port);
  }

  private ObjectNode runList() {
    ObjectNode out = json.createObjectNode();
    out.put("title", runs.title());
    ArrayNode list = out.putArray("runs");
    runs.runs().forEach((id, folder) -> list.add(summary(id, folder)));
    return out;
  }

  /** A row of the runs table: run.json's facts and the newest figures of metrics.jsonl. */
  private ObjectNode summary(String id, Path folder) {
    ObjectNode row = json.createObjectNode();
    row.put("id", id);
    RunInfo info = readInfo(folder);
    TransferReport transfer = info == null ? readTransfer(folder) : null;
    if (info == null && (transfer != null || hasMethodLines(folder))) {
      // nclab transfer's output: no run.json; transfer.json once every method has finished
      row.put("kind", "transfer");
      row.put("status", transfer == null ? "transferring" : "finished");
      row.put(
          "model", transfer == null ? null : "from " + Path.of(transfer.sourceRun()).getFileName());
      row.put("dataset", transfer == null ? null : transfer.downstream().dataset());
    } else {
      row.put("kind", "run");
      row.put("status", info == null ? "unknown" : info.status());
      row.put("model", info == null ? null : info.model().id());
      row.put("dataset", info == null ? null : info.data().dataset());
    }
    Long epochs = totalEpochs(folder);
    if (epochs != null) {
      row.put("epochs", epochs);
    }
    MetricsTail tail = runs.tail(folder);
    JsonNode lastStep = tail.last("step");
    JsonNode lastEpoch = tail.last("epoch");
    row.put("epoch", lastEpoch == null ? 0 : lastEpoch.path("epoch").asInt());
    row.put(
        "step",
        Math.max(
            lastStep == null ? 0 : lastStep.path("step").asLong(),
            lastEpoch == null ? 0 : lastEpoch.path("step").asLong()));
    ObjectNode last = row.putObject("last");
    for (JsonNode line : new JsonNode[] {lastStep, lastEpoch}) {
      if (line != null) {
        line.fields()
            .forEachRemaining(
                f -> {
                  if (f.getValue().isNumber() && !NOT_FIGURES.contains(f.getKey())) {
                    last.set(f.getKey(), f.getValue());
                  }
                });
      }
    }
    return row;
  }

  private ObjectNode metrics(Path run, int from) {
    MetricsTail.Slice slice = runs.tail(run).since(from);
    ObjectNode out = json.createObjectNode();
    out.put("generation", slice.generation());
    out.put("from", slice.from());
    out.put("total", slice.total());
    ArrayNode lines = out.putArray("lines");
    slice.lines().forEach(lines::add);
    return out;
  }

  private static int fromParameter(String query) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("from=")) {
          try {
            return Math.max(0, Integer.parseInt(pair.substring("from=".length())));
          } catch (NumberFormatException ignored) {
            return 0;
          }
        }
      }
    }
    return 0;
  }

  private static RunInfo readInfo(Path folder) {
    Path file = folder.resolve(RunFolder.RUN_INFO);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new RunInfoFile(file).read();
    } catch (RuntimeException unreadable) {
      return null; // the table shows "unknown"; the charts still come from metrics.jsonl
    }
  }

  private static TransferReport readTransfer(Path folder) {
    Path file = folder.resolve(TransferReport.FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return TransferReport.read(file);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private boolean hasMethodLines(Path folder) {
    return runs.tail(folder).since(0).lines().stream().anyMatch(line -> line.hasNonNull("method"));
  }

  private static Long totalEpochs(Path folder) {
    Path config = folder.resolve(RunFolder.CONFIG);
    if (!Files.isRegularFile(config)) {
      return null;
    }
    try {
      return new Toml().read(config.toFile()).getLong("train.epochs");
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private void sendJson(HttpExchange exchange, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, 200, "application/json", json.writeValueAsBytes(body));
  }

  private static void sendResource(HttpExchange exchange, String name) throws IOException {
    try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the dashboard resource " + name + " is missing from nclab's jar");
      }
      send(exchange, 200, STATIC.get(name), in.readAllBytes());
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    LocalHttp.reply(exchange, status, contentType, body);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
