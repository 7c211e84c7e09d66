package org.nclab.runtime.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nclab.api.UserException;

/**
 * NC1 per split and tap from a {@code "measurements"} array as {@code nclab probe} and {@code nclab
 * rank} write it ({@code [{probe, split, tap, metrics: {nc1, ...}}, ...]}).
 */
final class ProbeResults {
  private ProbeResults() {}

  /** split → tap → nc1, in the file's order; taps without an nc1 (undefined there) are left out. */
  static Map<String, Map<String, Double>> nc1(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw UserException.of(
          "unreadable probe result (" + e.getMessage().lines().findFirst().orElse("") + ")",
          file.toString(),
          "delete it and run the study again to measure again");
    }
    JsonNode measurements =
        root.has("runs")
            ? root.path("runs").path(0).path("measurements")
            : root.path("measurements");
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (JsonNode m : measurements) {
      JsonNode nc1 = m.path("metrics").path("nc1");
      if (nc1.isNumber()) {
        out.computeIfAbsent(m.path("split").asText(), s -> new LinkedHashMap<>())
            .put(m.path("tap").asText(), nc1.asDouble());
      }
    }
    return out;
  }
}
