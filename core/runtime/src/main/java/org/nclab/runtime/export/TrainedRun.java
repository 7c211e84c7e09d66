package org.nclab.runtime.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.run.RunInfo;
import org.nclab.runtime.run.RunInfoFile;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.transfer.TransferCheckpoint;
import org.nclab.runtime.transfer.TransferReport;

/**
 * A trained model checked for leaving nclab: a finished run (or a checkpoint named explicitly), or
 * a fine-tuned model a transfer saved. Its config is loaded and its data opened for the model's
 * shape and class names, the model spec rebuilt (a transfer's trainable scopes and skip wiring
 * included) and the checkpoint chosen.
 *
 * @param folder the run folder, or the transfer's method folder ({@code OUTPUT/scl})
 * @param origin what the manifest says about where the model comes from, besides the checkpoint
 */
public record TrainedRun(
    Path folder,
    Path config,
    Map<String, Object> origin,
    Experiment experiment,
    ModelSpec spec,
    Checkpoints checkpoints,
    Path checkpoint) {

  /**
   * @param path a run folder, a transfer output folder (transfer.json) or one of its method folders
   * @param method with a transfer output folder: which fine-tuned model, e.g. {@code scl} or {@code
   *     scl-10shot}; may be omitted when the transfer saved only one
   */
  public static TrainedRun open(
      Path path, String checkpointName, String method, ExtensionCatalog catalog) {
    if (TransferCheckpoint.isIn(path)) {
      return openTransfer(path, checkpointName, catalog);
    }
    if (Files.isRegularFile(path.resolve(TransferReport.FILE))) {
      return openTransfer(methodFolder(path, method), checkpointName, catalog);
    }
    if (method != null) {
      throw UserException.of(
          "--method applies to a transfer's output folder, not a run",
          path.toString(),
          "drop --method, or pass the folder holding transfer.json");
    }
    return open(path, checkpointName, catalog);
  }

  public static TrainedRun open(Path runFolder, String checkpointName, ExtensionCatalog catalog) {
    RunFolder folder = RunFolder.existing(runFolder);
    RunInfo info = new RunInfoFile(folder.runInfo()).read();
    if (checkpointName == null && !"finished".equals(info.status())) {
      throw UserException.of(
          "the run is " + info.status() + ", not finished",
          folder.path().toString(),
          "finish it with 'nclab train' (it resumes), or name a checkpoint with --checkpoint NAME");
    }
    Checkpoints checkpoints = new Checkpoints(folder.path(), Integer.MAX_VALUE);
    Path checkpoint = checkpoints.resolve(checkpointName);
    Experiment experiment =
        Experiment.prepare(new ConfigLoader().load(folder.config(), List.of(), catalog, null));
    Map<String, Object> origin = new LinkedHashMap<>();
    origin.put("name", info.identity().name());
    origin.put("status", info.status());
    return new TrainedRun(
        folder.path(),
        folder.config(),
        origin,
        experiment,
        experiment.spec(),
        checkpoints,
        checkpoint);
  }

  /** The method folder a transfer saved {@code method} in; refuses a name it did not save. */
  private static Path methodFolder(Path transfer, String method) {
    TransferReport report = TransferReport.read(transfer.resolve(TransferReport.FILE));
    List<String> saved =
        report.results().stream()
            .filter(r -> r.checkpoint() != null)
            .map(r -> Path.of(r.checkpoint()).getName(0).toString()) // scl, scl-block2-10shot
            .toList();
    if (saved.isEmpty()) {
      throw UserException.of(
          "this transfer saved no fine-tuned model (only a linear probe, or written before"
              + " transfers saved them)",
          transfer.toString(),
          "run 'nclab transfer' again with --method full, layer or scl");
    }
    if (method == null && saved.size() > 1) {
      throw UserException.of(
          "this transfer saved several fine-tuned models: " + String.join(", ", saved),
          transfer.toString(),
          "choose one with --method, e.g. --method " + saved.get(0));
    }
    String chosen = method == null ? saved.get(0) : method;
    if (!saved.contains(chosen) || !TransferCheckpoint.isIn(transfer.resolve(chosen))) {
      throw UserException.of(
          "no fine-tuned model '"
              + chosen
              + "' in this transfer (saved: "
              + String.join(", ", saved)
              + ")",
          transfer.toString(),
          "choose one of those with --method");
    }
    return transfer.resolve(chosen);
  }

  private static TrainedRun openTransfer(
      Path folder, String checkpointName, ExtensionCatalog catalog) {
    TransferCheckpoint saved = TransferCheckpoint.read(folder);
    Path config = folder.resolve(RunFolder.CONFIG);
    Experiment experiment =
        Experiment.prepare(new ConfigLoader().load(config, List.of(), catalog, null));
    if (experiment.dataset().numClasses() != saved.classes()) {
      throw UserException.of(
          "the downstream data now has "
              + experiment.dataset().numClasses()
              + " classes, the fine-tuned model "
              + saved.classes(),
          config.toString(),
          "restore the downstream data the transfer ran on");
    }
    Checkpoints checkpoints = new Checkpoints(folder, Integer.MAX_VALUE);
    Path checkpoint = checkpoints.resolve(checkpointName);
    Map<String, Object> transfer = new LinkedHashMap<>();
    transfer.put("method", saved.method());
    transfer.put("shots_per_class", saved.shotsPerClass());
    transfer.put("block", saved.block());
    transfer.put("scl_variant", saved.sclVariant());
    transfer.put("batch_norm", saved.batchNorm());
    transfer.put("source_run", saved.sourceRun());
    transfer.put("source_checkpoint", saved.sourceCheckpoint());
    transfer.put("test_accuracy", saved.testAccuracy());
    Map<String, Object> origin = new LinkedHashMap<>();
    origin.put("name", folder.toAbsolutePath().normalize().getFileName().toString());
    origin.put("status", "finished");
    origin.put("transfer", transfer);
    return new TrainedRun(
        folder, config, origin, experiment, saved.spec(experiment.spec()), checkpoints, checkpoint);
  }

  /** The model in inference mode, restored from the chosen checkpoint. */
  public InferenceGraph inferenceGraph() {
    return InferenceGraph.restore(
        spec, input(), checkpoint, checkpoints, SessionSettings.of(experiment.config()));
  }

  public InputNormalization input() {
    return InputNormalization.of(experiment.config().dataset(), experiment.dataset().shape());
  }

  /** How predict prepares image files for this model, as its dataset declares it. */
  public ImagePreparation preparation() {
    return ImagePreparation.of(experiment.config().dataset(), input());
  }

  /** SHA-256 of the resolved config.toml: which config trained the model. */
  public String configSha256() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config));
      return HexFormat.of().formatHex(digest);
    } catch (IOException e) {
      throw UserException.of(
          "cannot read the model's config: " + e, config.toString(), "restore the file");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
