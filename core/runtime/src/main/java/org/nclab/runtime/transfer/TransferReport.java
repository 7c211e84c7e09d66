package org.nclab.runtime.transfer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.runtime.io.AtomicFiles;

/**
 * Everything a transfer produced, as written to {@code transfer.json} (snake_case keys).
 *
 * @param sourceRun the pre-trained run's folder
 * @param sourceDataset what the backbone was trained on
 * @param block the block {@code layer} and {@code scl} fine-tuned, or {@code sweep}: each in turn
 * @param featureExtractionSeconds the one extraction of the frozen backbone's features
 * @param settings the {@code [transfer]} table as resolved
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferReport(
    String sourceRun,
    String checkpoint,
    String sourceDataset,
    Downstream downstream,
    String block,
    double featureExtractionSeconds,
    Map<String, Object> settings,
    List<TransferResult> results) {

  /** The downstream data: name, classes, and the sizes of its whole train and test splits. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Downstream(String dataset, int classes, int train, int test) {}

  /**
   * With {@code block = "sweep"}: which block transferred best per method, variant and training-set
   * size. Derived from the results, written to transfer.json as {@code best_blocks} and not read
   * back.
   */
  @JsonProperty("best_blocks")
  public List<BlockSweep.Best> bestBlocks() {
    return BlockSweep.best(results);
  }

  public static final String FILE = "transfer.json";

  /**
   * Fields added after transfer.json's first format: an older report lacks them, and reads them as
   * null (no saved model; a single few-shot draw; batch-norm mode not recorded).
   */
  private static final List<String> ADDED_LATER = List.of("checkpoint", "draw", "batch_norm");

  /**
   * Snake-case names; reading refuses a result that lacks a figure (a file cut short, or not
   * written by 'nclab transfer') and ignores fields it does not know (a newer nclab's extras).
   */
  private static ObjectMapper mapper() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  }

  /** Writes the report as {@code folder/transfer.json}, atomically, and returns the file. */
  public Path write(Path folder) {
    Path file = folder.resolve(FILE);
    try {
      Files.createDirectories(folder);
      AtomicFiles.write(file, mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
      return file;
    } catch (IOException | UncheckedIOException e) {
      throw UserException.of(
          "cannot write the transfer results: " + e.getMessage(),
          file.toString(),
          "choose a writable output folder (--out)");
    }
  }

  /**
   * Reads a transfer.json back (what studies and {@code nclab rank --check} do).
   *
   * @throws UserException naming the file when it is unreadable or not a complete transfer report
   */
  public static TransferReport read(Path file) {
    TransferReport report;
    try {
      JsonNode tree = mapper().readTree(file.toFile());
      for (JsonNode result : tree.path("results")) {
        for (String field : ADDED_LATER) {
          if (result instanceof ObjectNode object && !object.has(field)) {
            object.putNull(field);
          }
        }
      }
      report = mapper().treeToValue(tree, TransferReport.class);
    } catch (IOException e) {
      throw UserException.of(
          "unreadable transfer result ("
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
              + ")",
          file.toString(),
          "delete it and run the transfer again");
    }
    if (report.results() == null || report.results().stream().anyMatch(r -> r.method() == null)) {
      throw UserException.of(
          "a transfer report without results, or a result without its method",
          file.toString(),
          "delete it and run the transfer again");
    }
    return report;
  }
}
