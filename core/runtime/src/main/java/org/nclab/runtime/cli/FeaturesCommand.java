package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nclab.api.UserException;
import org.nclab.runtime.export.FeatureDump;
import org.nclab.runtime.export.OutputFolder;
import org.nclab.runtime.export.TrainedRun;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.RestoredRun;
import org.nclab.runtime.transfer.TransferCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Writes one tap of a run's evaluation pass over a split as NumPy files (docs/export.md). */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Write a run's features (a tap) on a split as features.npy and labels.npy.")
final class FeaturesCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description =
          "run folder written by 'nclab train', or a transfer's method folder (e.g."
              + " RUN/transfer/scl)")
  Path run;

  @Option(
      names = "--dataset",
      paramLabel = "CONFIG_OR_FILE",
      description = "a TOML file whose [dataset] table gives the data (default: the run's own)")
  Path dataset;

  @Option(
      names = "--tap",
      paramLabel = "NAME",
      defaultValue = "features",
      description = "block1..., features, head, logits (default ${DEFAULT-VALUE})")
  String tap;

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "split (default ${DEFAULT-VALUE})")
  String split;

  @Option(
      names = "--checkpoint",
      paramLabel = "NAME",
      description = "checkpoint folder name (default: latest)")
  String checkpoint;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "folder for the .npy files")
  Path out;

  @Option(names = "--force", description = "replace an existing output folder")
  boolean force;

  /** A run's model, or a transfer's fine-tuned model (its own spec: skip connection included). */
  private RestoredRun restore(PluginHost host) {
    if (!TransferCheckpoint.isIn(run)) {
      return RestoredRun.open(run, checkpoint, List.of(), dataset, host);
    }
    if (dataset != null) {
      throw UserException.of(
          "--dataset applies to a run folder; a fine-tuned model reads its transfer's data",
          run.toString(),
          "drop --dataset");
    }
    TrainedRun model = TrainedRun.open(run, checkpoint, null, host);
    return RestoredRun.restore(
        model.experiment(), model.spec(), model.checkpoints(), model.checkpoint());
  }

  @Override
  public Integer call() {
    OutputFolder folder = OutputFolder.begin(out, force);
    try (PluginHost host = top.startPlugins();
        RestoredRun restored = restore(host)) {
      int[] size = FeatureDump.write(restored, tap, split, folder);
      folder.commit();
      top.out.printf(
          "%s %s of %s (%s): %d x %d float32 in %s%n",
          split, tap, run, restored.checkpoint().getFileName(), size[0], size[1], folder.target());
      return 0;
    } finally {
      folder.abandon();
    }
  }
}
