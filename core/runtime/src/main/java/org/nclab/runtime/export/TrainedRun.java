package org.nclab.runtime.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.run.RunInfo;
import org.nclab.runtime.run.RunInfoFile;
import org.nclab.runtime.session.SessionSettings;

/**
 * A run folder checked for leaving nclab: finished (or a checkpoint named explicitly), its config
 * loaded and its data opened for the model's shape and class names, and the checkpoint chosen.
 */
public record TrainedRun(
    RunFolder folder, RunInfo info, Experiment experiment, Checkpoints checkpoints, Path checkpoint) {

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
    return new TrainedRun(folder, info, experiment, checkpoints, checkpoint);
  }

  /** The run's model in inference mode, restored from the chosen checkpoint. */
  public InferenceGraph inferenceGraph() {
    return InferenceGraph.restore(
        experiment.spec(), input(), checkpoint, checkpoints, SessionSettings.of(experiment.config()));
  }

  public InputNormalization input() {
    return InputNormalization.of(experiment.config().dataset(), experiment.dataset().shape());
  }

  /** SHA-256 of the run's resolved config.toml: which config trained the model. */
  public String configSha256() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(folder.config()));
      return HexFormat.of().formatHex(digest);
    } catch (IOException e) {
      throw UserException.of("cannot read the run's config: " + e, folder.config().toString(), "restore the file");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
