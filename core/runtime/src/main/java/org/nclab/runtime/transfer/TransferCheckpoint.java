package org.nclab.runtime.transfer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ResolvedConfigWriter;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.io.AtomicFiles;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.train.ResumePoint;

/**
 * A fine-tuned transfer model kept for {@code nclab export}: the folder {@code OUTPUT/scl} (or
 * {@code scl-10shot}) holds the downstream config as {@code config.toml}, this record as {@code
 * transfer-model.json} and the weights as an ordinary checkpoint under {@code checkpoints/}. The
 * record names what the config alone cannot rebuild: which scopes trained and the skip wiring.
 *
 * @param method {@code full}, {@code layer} or {@code scl}
 * @param shotsPerClass training examples per class, or null for the whole split
 * @param block the block {@code layer} and {@code scl} fine-tuned
 * @param sclVariant the skip connection's variant ({@code scl} only), else null
 * @param classes the downstream class count
 * @param batchNorm fine-tuning's batch-norm mode: which moving statistics the checkpoint holds
 *     ({@code train}: the moving averages; {@code frozen}: the pre-trained ones; {@code recompute}:
 *     those of the downstream training data)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferCheckpoint(
    String method,
    Integer shotsPerClass,
    String block,
    String sclVariant,
    int classes,
    String sourceRun,
    String sourceCheckpoint,
    double testAccuracy,
    String batchNorm) {

  public static final String FILE = "transfer-model.json";

  private static final String BATCH_NORM = "batch_norm";

  private static ObjectMapper mapper() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  }

  /**
   * {@code scl}, {@code scl-10shot}, {@code scl-10shot-draw2}: the folder name, as metrics.jsonl
   * tags the method.
   */
  public static String folderName(String method, Integer shotsPerClass, Integer draw) {
    return method
        + (shotsPerClass == null ? "" : "-" + shotsPerClass + "shot")
        + (draw == null ? "" : "-draw" + draw);
  }

  /** The downstream model this record describes, built from the downstream config's spec. */
  public ModelSpec spec(ModelSpec downstream) {
    TransferMethod m = TransferMethod.of(method);
    SkipConnection.Variant variant =
        sclVariant == null ? null : SkipConnection.Variant.of(sclVariant);
    return TransferModel.spec(downstream, m, block == null ? "" : block, variant);
  }

  /**
   * Saves {@code model}'s variables (Session.save, as training's checkpoints) with the config and
   * this record into {@code folder}, replacing an earlier save of the same method there.
   *
   * @return the checkpoint folder
   */
  Path save(Path folder, TransferModel model, RunConfig downstream, int epochs) {
    Path record = folder.resolve(FILE);
    try {
      Files.createDirectories(folder);
      ResolvedConfigWriter.write(downstream, folder.resolve(RunFolder.CONFIG));
      AtomicFiles.write(record, mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    } catch (IOException | UncheckedIOException e) {
      throw UserException.of(
          "cannot save the fine-tuned model: " + e.getMessage(),
          folder.toString(),
          "choose a writable output folder (--out)");
    }
    Checkpoints.Metadata metadata =
        new Checkpoints.Metadata(
            epochs, 0, ResumePoint.start(), Map.of("test/accuracy", testAccuracy));
    return new Checkpoints(folder, 1).save(model.session(), metadata);
  }

  /** True when {@code folder} holds a saved fine-tuned model. */
  public static boolean isIn(Path folder) {
    return Files.isRegularFile(folder.resolve(FILE));
  }

  /** Reads {@code folder/transfer-model.json}. */
  public static TransferCheckpoint read(Path folder) {
    Path file = folder.resolve(FILE);
    try {
      JsonNode tree = mapper().readTree(file.toFile());
      // Models saved before the mode was recorded all fine-tuned with batch statistics.
      if (tree instanceof ObjectNode object && !object.has(BATCH_NORM)) {
        object.put(BATCH_NORM, BatchNormMode.TRAIN.id());
      }
      return mapper().treeToValue(tree, TransferCheckpoint.class);
    } catch (IOException e) {
      throw UserException.of(
          "unreadable fine-tuned model record ("
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
              + ")",
          file.toString(),
          "run the transfer again");
    }
  }
}
