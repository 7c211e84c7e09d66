package org.nclab.runtime.metrics;

import com.google.common.net.InetAddresses;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nclab.api.UserException;

/**
 * Serves a {@link PrometheusMeterRegistry} at {@code http://HOST:PORT/metrics} with the JDK's HTTP
 * server on one daemon thread: scrapes never run on the training thread. Binds exactly the
 * configured address (127.0.0.1 unless {@code metrics.prometheus_host} says otherwise); port 0
 * takes any free port, which {@link #url()} then names.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** The address to listen on: an IP literal or localhost, else a user error; nothing opened. */
  public static InetAddress address(String host) {
    if (host.equals("localhost")) {
      return InetAddress.getLoopbackAddress();
    } else if (InetAddresses.isInetAddress(host)) {
      return InetAddresses.forString(host);
    }
    throw UserException.of(
        "metrics.prometheus_host \"" + host + "\" is not an IP address",
        "[metrics]",
        "use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one interface's address");
  }

  /** Starts serving; a host that does not resolve or a port in use is the user's to fix. */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry, String host, int port) {
    // An IP literal, never a name to look up: which interfaces listen must not depend on DNS.
    InetAddress address = address(host);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 0);
    } catch (IOException e) {
      throw UserException.of(
          "cannot listen on " + host + ":" + port + " for Prometheus (" + e.getMessage() + ")",
          "[metrics]",
          "choose another metrics.prometheus_port, or 0 for any free port");
    }
    server.createContext(
        "/metrics",
        exchange ->
            LocalHttp.reply(
                exchange, 200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8)));
    server.createContext(
        "/",
        exchange ->
            LocalHttp.reply(
                exchange,
                404,
                "text/plain; charset=utf-8",
                "nclab serves its meters at /metrics\n".getBytes(StandardCharsets.UTF_8)));
    // A daemon: never keeps a finished run's JVM alive.
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder().setNameFormat("nclab-prometheus").setDaemon(true).build());
    server.setExecutor(executor);
    server.start();
    return new PrometheusEndpoint(server, executor);
  }

  /** The address actually bound, port included. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Where Prometheus scrapes, e.g. {@code http://127.0.0.1:9464/metrics}. */
  public String url() {
    return LocalHttp.url(address()) + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
