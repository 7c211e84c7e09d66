package org.nclab.runtime.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses this machine's TCP sockets listen on for a port, from Linux's {@code /proc/net/tcp}
 * and {@code tcp6}: what the kernel says is reachable, without sending any traffic to a
 * non-loopback address.
 */
public final class ListeningSockets {
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  public static boolean available() {
    return Files.isReadable(Path.of("/proc/net/tcp"));
  }

  public static List<InetAddress> on(int port) throws IOException {
    List<InetAddress> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
        String[] fields = line.trim().split("\\s+");
        String[] local = fields[1].split(":");
        if (fields[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
          out.add(address(local[0]));
        }
      }
    }
    return out;
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
  private static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = (word * 4 + (3 - b)) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
