package org.nclab.runtime.study;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nclab.api.UserException;

/**
 * What {@code nclab transfer} writes to {@code transfer.json}: the source run, the downstream
 * data, and one result per method (and shots, block and variant) it ran. Unknown fields are
 * ignored, so that a newer transfer command's extra figures do not break a study.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferResults(String sourceRun, Downstream downstream, List<Result> results) {
  public static final String FILE = "transfer.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  public TransferResults {
    results = results == null ? List.of() : List.copyOf(results);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Downstream(String dataset, Integer classes, Integer train, Integer test) {}

  /**
   * One transfer. Numbers that a method does not produce are null.
   *
   * @param shotsPerClass null for all of the downstream training data
   * @param block the fine-tuned block ({@code layer}, {@code scl}), else null
   * @param variant the skip connection's form ({@code scl}: concat or project), else null
   * @param nc1Train NC1 of the final features on the downstream training data (for the
   *     linear probe, of the frozen features)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Result(
      String method,
      Integer shotsPerClass,
      String block,
      String variant,
      Long trainableParameters,
      Long totalParameters,
      Double trainableShare,
      Double trainAccuracy,
      Double testAccuracy,
      Double finalLoss,
      Double nc1Train,
      Double nc1Test,
      Double seconds) {}

  /** @throws UserException naming the file when it is not a transfer result */
  public static TransferResults read(Path file) {
    TransferResults results;
    try {
      results = JSON.readValue(file.toFile(), TransferResults.class);
    } catch (IOException e) {
      throw UserException.of("unreadable transfer result (" + e.getMessage().lines().findFirst().orElse("") + ")",
          file.toString(), "delete it and run the study again to redo that transfer");
    }
    for (Result result : results.results()) {
      if (result.method() == null || result.testAccuracy() == null) {
        throw UserException.of("a transfer result without method or test_accuracy", file.toString(),
            "delete it and run the study again to redo that transfer");
      }
    }
    return results;
  }
}
