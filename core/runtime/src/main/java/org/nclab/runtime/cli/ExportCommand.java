package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nclab.runtime.export.InputNormalization;
import org.nclab.runtime.export.ModelExporter;
import org.nclab.runtime.export.TrainedRun;
import org.nclab.runtime.plugins.PluginHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Writes a trained run's model as a TensorFlow SavedModel for use outside nclab (docs/export.md).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Write a run's model as a TensorFlow SavedModel (serving_default, features).")
final class ExportCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description =
          "run folder written by 'nclab train', or a transfer's output folder or method folder")
  Path run;

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      description =
          "with a transfer folder: the fine-tuned model, e.g. scl, scl-10shot or scl-block2"
              + " (sweep)")
  String method;

  @Option(
      names = "--checkpoint",
      paramLabel = "NAME",
      description = "checkpoint folder name (default: latest of a finished run)")
  String checkpoint;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "export folder (default: RUN/export; for a transfer, its method folder's export)")
  Path out;

  @Option(names = "--force", description = "replace an existing export folder")
  boolean force;

  @Override
  public Integer call() {
    try (PluginHost host = top.startPlugins()) {
      TrainedRun trained = TrainedRun.open(run, checkpoint, method, host);
      Path target = out != null ? out : trained.folder().resolve("export");
      Map<String, Object> manifest = ModelExporter.export(trained, target, force);
      @SuppressWarnings("unchecked")
      Map<String, Object> input = (Map<String, Object>) manifest.get("input");
      @SuppressWarnings("unchecked")
      Map<String, Object> signatures = (Map<String, Object>) manifest.get("signatures");
      top.out.printf(
          "exported %s (%s) to %s%n  input images %s %s: %s%n  signatures: serving_default %s;"
              + " features %s%n",
          trained.folder(),
          trained.checkpoint().getFileName(),
          target.toAbsolutePath().normalize(),
          input.get("dtype"),
          input.get("shape"),
          input.get("normalization"),
          signatures.get("serving_default"),
          signatures.get("features"));
      top.out.printf(
          "  image files for predict: %s%n",
          trained.preparation().summary(!InputNormalization.UINT8.equals(input.get("dtype"))));
      return 0;
    }
  }
}
