package org.nclab.runtime.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.transfer.TransferCheckpoint;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;

/**
 * A model ready to predict: an export loaded through {@link SavedModelBundle}, or a run's
 * checkpoint restored into the same inference graph an export would hold. Either way callers feed
 * the {@code serving_default} signature's input by name and fetch its probabilities.
 */
public final class LoadedModel implements AutoCloseable {
  private final Runnable closer;
  private final Session session;
  private final Signature serving;
  private final ImageShape shape;
  private final String dtype;
  private final List<String> classes;
  private final ImagePreparation preparation;

  private LoadedModel(
      Runnable closer,
      Session session,
      Signature serving,
      ImageShape shape,
      String dtype,
      List<String> classes,
      ImagePreparation preparation) {
    this.closer = closer;
    this.session = session;
    this.serving = serving;
    this.shape = shape;
    this.dtype = dtype;
    this.classes = List.copyOf(classes);
    this.preparation = preparation;
  }

  /**
   * Opens {@code path}: an export folder (saved_model.pb and nclab-model.json) or a run folder
   * (run.json), whose config needs the plugins {@code catalog} brings.
   */
  public static LoadedModel open(Path path, String checkpoint, Supplier<ExtensionCatalog> catalog) {
    if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
      if (checkpoint != null) {
        throw UserException.of(
            "--checkpoint applies to a run folder, not an export",
            path.toString(),
            "drop --checkpoint");
      }
      return openExport(path);
    }
    if (!Files.isRegularFile(path.resolve("run.json")) && !TransferCheckpoint.isIn(path)) {
      throw UserException.of(
          "neither an export (no saved_model.pb), a run folder (no run.json) nor a fine-tuned model"
              + " (no "
              + TransferCheckpoint.FILE
              + ")",
          path.toString(),
          "pass a folder written by 'nclab export' or 'nclab train', or a transfer's method"
              + " folder");
    }
    TrainedRun run = TrainedRun.open(path, checkpoint, null, catalog.get());
    InferenceGraph graph = run.inferenceGraph();
    return new LoadedModel(
        graph::close,
        graph.session(),
        graph.serving(),
        run.experiment().dataset().shape(),
        run.input().dtype(),
        run.experiment().dataset().classNames(),
        run.preparation());
  }

  private static LoadedModel openExport(Path path) {
    Path manifestFile = path.resolve(ModelExporter.MANIFEST);
    JsonNode manifest;
    try {
      manifest = new ObjectMapper().readTree(manifestFile.toFile());
    } catch (IOException e) {
      throw UserException.of(
          "cannot read " + ModelExporter.MANIFEST + ": " + e.getMessage(),
          manifestFile.toString(),
          "export the run again with 'nclab export'");
    }
    JsonNode input = manifest.path("input");
    JsonNode dims = input.path("shape");
    if (dims.size() != 4 || !manifest.path("classes").isArray()) {
      throw UserException.of(
          "no input shape or classes in " + ModelExporter.MANIFEST,
          manifestFile.toString(),
          "export the run again with 'nclab export'");
    }
    List<String> classes = new ArrayList<>();
    manifest.path("classes").forEach(c -> classes.add(c.asText()));
    ImageShape shape =
        new ImageShape(dims.get(1).asInt(), dims.get(2).asInt(), dims.get(3).asInt());
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(path.toString(), SavedModelBundle.DEFAULT_TAG);
    } catch (RuntimeException e) {
      throw UserException.of(
          "cannot load the SavedModel: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          path.toString(),
          "export the run again with 'nclab export'");
    }
    ImagePreparation preparation;
    try {
      preparation = ImagePreparation.read(input);
    } catch (IllegalArgumentException e) {
      bundle.close();
      throw UserException.of(
          "malformed input.resize or input.pixel_scale: " + e.getMessage(),
          manifestFile.toString(),
          "export the run again with 'nclab export'");
    }
    Signature serving = bundle.function(InferenceGraph.SERVING).signature();
    return new LoadedModel(
        bundle::close,
        bundle.session(),
        serving,
        shape,
        input.path("dtype").asText(),
        classes,
        preparation);
  }

  public Session session() {
    return session;
  }

  /** The tensor name to feed the images to, e.g. {@code images:0}. */
  public String inputName() {
    return serving.getInputs().get(InferenceGraph.IMAGES).name;
  }

  /** The tensor name to fetch the probabilities from. */
  public String probabilitiesName() {
    return serving.getOutputs().get(InferenceGraph.PROBABILITIES).name;
  }

  public ImageShape shape() {
    return shape;
  }

  public String dtype() {
    return dtype;
  }

  public List<String> classes() {
    return classes;
  }

  /** How image files are brought to the input, as the model's dataset did it. */
  public ImagePreparation preparation() {
    return preparation;
  }

  @Override
  public void close() {
    closer.run();
  }
}
