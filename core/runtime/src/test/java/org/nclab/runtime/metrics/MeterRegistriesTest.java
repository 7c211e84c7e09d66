package org.nclab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ObjectName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.nclab.runtime.run.MetricsLog;

class MeterRegistriesTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url);
    return response.body();
  }

  private static Map<String, Double> figures() {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("train/loss", 0.25);
    figures.put("test/accuracy", 0.875);
    figures.put("loss/cross-entropy", 0.5);
    figures.put("probe/train/block1/nc1", 3.5);
    return figures;
  }

  @Test
  void prometheusServesTheRunsMetersOnLoopback(@TempDir Path dir) throws Exception {
    MetricsSettings settings =
        new MetricsSettings(false, true, "127.0.0.1", 0, false, false, Duration.ofSeconds(60));
    try (MeterRegistries registries = new MeterRegistries(settings);
        MetricsLog log =
            new MetricsLog(dir.resolve("metrics.jsonl"), registries.registry(), "demo")) {
      log.record("epoch", 2, 40, figures());
      log.forMethod("linear").record("epoch", 1, 8, Map.of("test/accuracy", 0.625));
      PrometheusEndpoint endpoint = registries.prometheus().orElseThrow();
      assertTrue(
          endpoint.address().getAddress().isLoopbackAddress(), endpoint.address().toString());
      assertTrue(endpoint.url().startsWith("http://127.0.0.1:"), endpoint.url());
      assertTrue(
          registries.describe().contains("prometheus: " + endpoint.url()),
          registries.describe().toString());

      String text = get(endpoint.url());
      assertTrue(
          text.contains(
              "nclab_loss{layer=\"\",method=\"\",phase=\"epoch\",run=\"demo\",split=\"train\"}"
                  + " 0.25"),
          text);
      assertTrue(
          text.contains(
              "nclab_accuracy{layer=\"\",method=\"\",phase=\"epoch\",run=\"demo\",split=\"test\"}"
                  + " 0.875"),
          text);
      assertTrue(
          text.contains(
              "nclab_accuracy{layer=\"\",method=\"linear\",phase=\"epoch\",run=\"demo\",split=\"test\"}"
                  + " 0.625"),
          text);
      assertTrue(
          text.contains(
              "nclab_probe_nc1{layer=\"block1\",method=\"\",phase=\"epoch\",run=\"demo\",split=\"train\"}"
                  + " 3.5"),
          text);
      assertTrue(text.contains("term=\"cross-entropy\""), text);
      assertTrue(text.contains("nclab_step{") && text.contains("} 40.0"), text);

      if (ListeningSockets.available()) {
        List<InetAddress> listening = ListeningSockets.on(endpoint.address().getPort());
        assertFalse(listening.isEmpty(), "the kernel lists the endpoint's socket");
        assertTrue(
            listening.stream().allMatch(InetAddress::isLoopbackAddress),
            "only loopback listens: " + listening);
      }
    }
  }

  @Test
  void aConfiguredWildcardHostIsBoundAsAsked() throws Exception {
    Assumptions.assumeTrue(
        ListeningSockets.available(), "needs Linux's /proc/net/tcp to see the bound address");
    MetricsSettings settings =
        new MetricsSettings(false, true, "0.0.0.0", 0, false, false, Duration.ofSeconds(60));
    try (MeterRegistries registries = new MeterRegistries(settings)) {
      int port = registries.prometheus().orElseThrow().address().getPort();
      // Only the bound address is checked: no traffic goes to an address other than loopback.
      assertTrue(
          ListeningSockets.on(port).stream().anyMatch(InetAddress::isAnyLocalAddress),
          ListeningSockets.on(port).toString());
    }
  }

  @Test
  void jmxPublishesMBeansInTheNclabDomainUntilClosed(@TempDir Path dir) throws Exception {
    MetricsSettings settings =
        new MetricsSettings(false, false, "127.0.0.1", 0, true, true, Duration.ofSeconds(60));
    var server = ManagementFactory.getPlatformMBeanServer();
    ObjectName nclab = new ObjectName(MeterRegistries.JMX_DOMAIN + ":*");
    try (MeterRegistries registries = new MeterRegistries(settings);
        MetricsLog log =
            new MetricsLog(dir.resolve("metrics.jsonl"), registries.registry(), "demo")) {
      log.record("epoch", 1, 10, figures());
      var names = server.queryNames(nclab, null);
      ObjectName loss =
          names.stream()
              .filter(
                  n ->
                      n.toString().contains("nclabLoss")
                          && n.toString().contains("train")
                          && !n.toString().contains("term"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no loss MBean among " + names));
      assertEquals(0.25, ((Number) server.getAttribute(loss, "Value")).doubleValue());
      assertTrue(
          registries.describe().stream().anyMatch(l -> l.startsWith("logging:")),
          registries.describe().toString());
    }
    assertTrue(server.queryNames(nclab, null).isEmpty(), "closing unregisters the MBeans");
  }

  @Test
  void loggingWritesEveryMetersValue(@TempDir Path dir) {
    MetricsSettings settings =
        new MetricsSettings(false, false, "127.0.0.1", 0, false, true, Duration.ofSeconds(3600));
    List<String> lines = new CopyOnWriteArrayList<>();
    try (MeterRegistries registries = new MeterRegistries(settings, lines::add);
        MetricsLog log =
            new MetricsLog(dir.resolve("metrics.jsonl"), registries.registry(), "demo")) {
      log.record("epoch", 1, 10, figures());
    } // closing publishes once more
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("nclab.probe.nc1{")
                        && l.contains("layer=block1")
                        && l.contains("value=3.5")),
        lines.toString());
  }

  @Test
  void aPortInUseOrAnUnknownHostIsTheUsersToFix() {
    MetricsSettings first =
        new MetricsSettings(false, true, "127.0.0.1", 0, false, false, Duration.ofSeconds(60));
    try (MeterRegistries taken = new MeterRegistries(first)) {
      int port = taken.prometheus().orElseThrow().address().getPort();
      UserException e =
          assertThrows(
              UserException.class,
              () ->
                  new MeterRegistries(
                          new MetricsSettings(
                              false, true, "127.0.0.1", port, true, false, Duration.ofSeconds(60)))
                      .close());
      assertTrue(
          e.getMessage().contains("cannot listen on 127.0.0.1:" + port)
              && e.getMessage().contains("metrics.prometheus_port"),
          e.getMessage());
    }
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                new MeterRegistries(
                        new MetricsSettings(
                            false,
                            true,
                            "metrics.example",
                            0,
                            false,
                            false,
                            Duration.ofSeconds(60)))
                    .close());
    assertTrue(
        e.getMessage().contains("metrics.prometheus_host")
            && e.getMessage().contains("not an IP address"),
        e.getMessage());
  }
}
