package org.nclab.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** What nclab's two small HTTP servers (Prometheus endpoint, dashboard) share. */
public final class LocalHttp {
  private LocalHttp() {}

  /** {@code http://host:port} for a bound address, with IPv6 literals in brackets. */
  public static String url(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    if (address.getAddress() instanceof Inet6Address) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    return "http://" + host + ":" + address.getPort();
  }

  /** Sends a whole response with a known length and closes the exchange. */
  public static void reply(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
