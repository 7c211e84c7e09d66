package org.nclab.runtime.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * @param block the block {@code layer} and {@code scl} fine-tuned
 * @param featureExtractionSeconds the one extraction of the frozen backbone's features
 * @param settings the {@code [transfer]} table as resolved
 */
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
  public record Downstream(String dataset, int classes, int train, int test) {}

  public static final String FILE = "transfer.json";

  private static ObjectMapper mapper() {
    return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  }

  /** Writes the report as {@code folder/transfer.json}, atomically, and returns the file. */
  public Path write(Path folder) {
    Path file = folder.resolve(FILE);
    try {
      java.nio.file.Files.createDirectories(folder);
      AtomicFiles.write(file, mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
      return file;
    } catch (IOException | UncheckedIOException e) {
      throw UserException.of(
          "cannot write the transfer results: " + e.getMessage(), file.toString(), "choose a writable output folder (--out)");
    }
  }

  public static TransferReport read(Path file) throws IOException {
    return mapper().readValue(file.toFile(), TransferReport.class);
  }
}
