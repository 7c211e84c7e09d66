package org.nclab.runtime.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.NclabApi;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.io.AtomicFiles;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.TensorFlow;

/**
 * Writes a run's model as a TensorFlow SavedModel (tag {@code serve}, signatures {@code
 * serving_default} and {@code features}) plus {@code nclab-model.json}, into a temporary folder
 * renamed into place when complete.
 */
public final class ModelExporter {
  public static final String MANIFEST = "nclab-model.json";

  private ModelExporter() {}

  /** Exports and returns the manifest written. */
  public static Map<String, Object> export(TrainedRun run, Path out, boolean force) {
    OutputFolder folder = OutputFolder.begin(out, force);
    try (InferenceGraph model = run.inferenceGraph()) {
      SavedModelBundle.exporter(folder.temp().toString())
          .withSession(model.session())
          .withSignature(model.serving())
          .withSignature(model.features())
          .export();
      Map<String, Object> manifest = manifest(run, model);
      byte[] json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
      AtomicFiles.write(folder.temp().resolve(MANIFEST), json);
      folder.commit();
      return manifest;
    } catch (IOException e) {
      throw UserException.of(
          "cannot write the SavedModel: " + e.getMessage(),
          out.toString(),
          "check free space and permissions");
    } finally {
      folder.abandon();
    }
  }

  private static Map<String, Object> manifest(TrainedRun run, InferenceGraph model) {
    ImageShape shape = run.experiment().dataset().shape();
    InputNormalization input = run.input();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("name", InferenceGraph.IMAGES);
    inputs.put("shape", Arrays.asList(null, shape.height(), shape.width(), shape.channels()));
    inputs.put("dtype", input.dtype());
    inputs.put("normalization", input.description());
    inputs.putAll(run.preparation().describe());
    Map<String, Object> signatures = new LinkedHashMap<>();
    signatures.put(InferenceGraph.SERVING, new ArrayList<>(model.serving().outputNames()));
    signatures.put(InferenceGraph.FEATURES, new ArrayList<>(model.features().outputNames()));
    var checkpoint = run.checkpoints().readMetadata(run.checkpoint());
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("run", run.folder().toAbsolutePath().normalize().toString());
    source.putAll(run.origin());
    source.put("checkpoint", run.checkpoint().getFileName().toString());
    source.put("epoch", checkpoint.epoch());
    source.put("step", checkpoint.step());
    source.put("config_sha256", run.configSha256());
    source.put("dataset", run.experiment().config().dataset().id());
    source.put("model", run.experiment().config().model().id());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", "nclab-model/1");
    manifest.put("tags", List.of(SavedModelBundle.DEFAULT_TAG));
    manifest.put("input", inputs);
    manifest.put("classes", run.experiment().dataset().classNames());
    manifest.put("signatures", signatures);
    manifest.put("source", source);
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("nclab", NclabApi.VERSION);
    versions.put("tensorflow", TensorFlow.version());
    manifest.put("versions", versions);
    return manifest;
  }
}
