package org.nclab.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nclab.api.UserException;
import org.nclab.api.options.Options;
import org.nclab.api.probe.Probe;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.TransferConfig;
import org.nclab.runtime.plugins.ExtensionKind;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.transfer.CollapseMeter;
import org.nclab.runtime.transfer.TransferMetrics;
import org.nclab.runtime.transfer.TransferReport;
import org.nclab.runtime.transfer.TransferRunner;
import org.nclab.runtime.transfer.TransferTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Transfers a pre-trained run to downstream data, either as a transfer config ({@code nclab
 * transfer configs/transfer/fashion-to-mnist.toml}) or from flags ({@code nclab transfer
 * runs/quickstart --dataset mnist.toml --method linear-probe}). Prints a table and writes
 * transfer.json.
 */
@Command(
    name = "transfer",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Transfer a trained run to downstream data: linear probe, full, layer and SCL fine-tuning.")
final class TransferCommand implements Callable<Integer> {
  /** NC1 of the transferred features comes from this probe plugin when it is installed. */
  private static final String NC_PROBE = "nc";

  @ParentCommand NclabCommand top;

  /**
   * The pre-trained run of the flag form; set from the positional RUN (or the old --checkpoint
   * RUN).
   */
  private Path run;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CONFIG|RUN",
      description =
          "a transfer TOML file ([transfer], [dataset], [train]), or a run folder with --dataset")
  Path source;

  @Option(
      names = "--dataset",
      paramLabel = "FILE",
      description = "with RUN: a TOML file whose [dataset] table is the downstream data")
  Path dataset;

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      description = "with RUN: linear-probe, full, layer or scl (repeatable; default all)")
  List<String> methods = new ArrayList<>();

  @Option(
      names = "--shots",
      paramLabel = "N",
      description = "with RUN: training examples per class, 0 for all (repeatable; default 0)")
  List<Integer> shots = new ArrayList<>();

  @Option(
      names = "--draws",
      paramLabel = "N",
      description = "with RUN: independent few-shot samples per shot count (default 1)")
  Integer draws;

  @Option(
      names = "--block",
      paramLabel = "BLOCK",
      description =
          "with RUN: the block layer and scl fine-tune (default -2), or sweep: each block in turn")
  String block;

  @Option(
      names = "--variant",
      paramLabel = "VARIANT",
      description = "with RUN: scl variant, concat, project or bypass (default concat)")
  String variant;

  @Option(
      names = "--batch-norm",
      paramLabel = "MODE",
      description =
          "with RUN: fine-tuning's batch-norm statistics: train, frozen or recompute"
              + " (default recompute; docs/transfer.md)")
  String batchNorm;

  @Option(
      names = "--checkpoint",
      paramLabel = "NAME",
      description = "with RUN: checkpoint folder, e.g. epoch-0004 (default: latest)")
  String checkpointName;

  /**
   * The old spelling {@code --checkpoint RUN --name NAME}, still read (with a warning) by {@link
   * RunArgument}.
   */
  @Option(names = "--name", hidden = true, paramLabel = "NAME")
  String oldCheckpointName;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override a config value, e.g. --set train.epochs=5 (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--force",
      description = "replace the results of an earlier transfer into the same folder")
  boolean force;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "where transfer.json goes (default: RUN_OUTPUT/NAME with CONFIG, RUN/transfer without)")
  Path out;

  @Override
  public Integer call() {
    Path config = source != null && !Files.isDirectory(source) ? source : null;
    boolean flagForm =
        dataset != null
            || !methods.isEmpty()
            || !shots.isEmpty()
            || block != null
            || variant != null
            || batchNorm != null
            || checkpointName != null
            || oldCheckpointName != null;
    if (config != null && flagForm) {
      throw new UserException(
          "give either a transfer CONFIG or a RUN folder with --dataset and flags, not both; put"
              + " the flags' values in the config's [transfer] table, or use --set");
    }
    if (config == null && source == null && checkpointName == null) {
      throw new UserException(
          "name a transfer CONFIG, or a RUN folder and --dataset FILE"
              + " (e.g. nclab transfer runs/quickstart --dataset configs/transfer/mnist.toml)");
    }
    if (config == null) {
      RunArgument given =
          RunArgument.of("transfer", source, checkpointName, oldCheckpointName, top.err);
      run = given.run();
      checkpointName = given.checkpoint();
      if (dataset == null) {
        throw new UserException(
            "with a RUN folder, name the downstream data: --dataset FILE (a TOML file with a"
                + " [dataset] table), or give a transfer CONFIG instead");
      }
      DatasetOption.requireConfig("--dataset", dataset);
    }
    try (PluginHost host = top.startPlugins()) {
      ConfigLoader loader = new ConfigLoader();
      TransferConfig transfer =
          config != null
              ? loader.loadTransfer(config, overrides, host)
              : loader.loadTransfer(dataset, "transfer", flags(), overrides, host);
      Path folder =
          out != null
              ? out
              : config != null
                  ? transfer.downstream().output().resolve(transfer.downstream().name())
                  : transfer.sourceRun().resolve("transfer");
      requireNoEarlierResult(folder);
      TransferReport report =
          new TransferRunner(collapseMeter(host), top.out, System.console() != null, folder)
              .run(transfer);
      Path written = report.write(folder);
      // With --force the new figures replace the old rather than appending a second set.
      Path metrics = folder.resolve("metrics.jsonl");
      try {
        Files.deleteIfExists(metrics);
      } catch (IOException e) {
        throw UserException.of(
            "cannot replace " + metrics.getFileName() + ": " + e.getMessage(),
            metrics.toString(),
            "make the output folder writable (--out)");
      }
      TransferMetrics.record(
          metrics,
          new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
          transfer.downstream().name(),
          report.results());
      top.out.print(TransferTable.of(report.results()));
      top.out.println("wrote " + written);
      return 0;
    }
  }

  /**
   * Refuses, before any work, to replace an earlier transfer's results: the rule of every nclab
   * command that writes results (docs/errors.md), lifted by {@code --force}.
   */
  private void requireNoEarlierResult(Path folder) {
    Path earlier = folder.resolve(TransferReport.FILE);
    if (!force && Files.exists(earlier)) {
      throw UserException.of(
          "an earlier transfer's results are there and would be replaced",
          earlier.toString(),
          "pass --out DIR for a new folder (or set run.name), or --force to replace them");
    }
  }

  /** The [transfer] table the flags describe; absent flags take the table's defaults. */
  private Map<String, Object> flags() {
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("checkpoint", run.toAbsolutePath().toString());
    if (!methods.isEmpty()) {
      table.put("methods", List.copyOf(methods));
    }
    if (!shots.isEmpty()) {
      table.put("shots", shots.stream().map(Integer::longValue).toList());
    }
    if (draws != null) {
      table.put("draws", draws.longValue());
    }
    if (block != null) {
      table.put("block", block);
    }
    if (variant != null) {
      table.put("scl_variant", variant);
    }
    if (batchNorm != null) {
      table.put("batch_norm", batchNorm);
    }
    if (checkpointName != null) {
      table.put("checkpoint_name", checkpointName);
    }
    return table;
  }

  /** NC1 through the nc probe plugin, or a warning and no NC1 without it. */
  private CollapseMeter collapseMeter(PluginHost host) {
    return host.find(ExtensionKind.PROBE, NC_PROBE)
        .map(
            extension -> {
              Probe probe = (Probe) extension;
              return new CollapseMeter(
                  probe,
                  Options.withDefaults("probe '" + NC_PROBE + "'", probe.options(), Map.of()));
            })
        .orElseGet(
            () -> {
              top.err.println(
                  "warning: no '"
                      + NC_PROBE
                      + "' probe plugin is installed; results will have no NC1 (install the"
                      + " nc-probes plugin)");
              return CollapseMeter.none();
            });
  }
}
