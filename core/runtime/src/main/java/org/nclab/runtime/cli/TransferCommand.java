package org.nclab.runtime.cli;

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
 * Transfers a pre-trained run to downstream data, either as a transfer config
 * ({@code nclab transfer configs/transfer/fashion-to-mnist.toml}) or from flags
 * ({@code nclab transfer --checkpoint runs/quickstart --dataset mnist.toml --method linear-probe}).
 * Prints a table and writes transfer.json.
 */
@Command(
    name = "transfer",
    description = "Transfer a trained run to downstream data: linear probe, full, layer and SCL fine-tuning.")
final class TransferCommand implements Callable<Integer> {
  /** NC1 of the transferred features comes from this probe plugin when it is installed. */
  private static final String NC_PROBE = "nc";

  @ParentCommand NclabCommand top;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "transfer TOML file ([transfer], [dataset], [train])")
  Path config;

  @Option(names = "--checkpoint", paramLabel = "RUN", description = "without CONFIG: the pre-trained run folder")
  Path run;

  @Option(names = "--dataset", paramLabel = "FILE", description = "without CONFIG: a TOML file whose [dataset] table is the downstream data")
  Path dataset;

  @Option(names = "--method", paramLabel = "METHOD", description = "without CONFIG: linear-probe, full, layer or scl (repeatable; default all)")
  List<String> methods = new ArrayList<>();

  @Option(names = "--shots", paramLabel = "N", description = "without CONFIG: training examples per class, 0 for all (repeatable; default 0)")
  List<Integer> shots = new ArrayList<>();

  @Option(names = "--block", paramLabel = "BLOCK", description = "without CONFIG: the block layer and scl fine-tune (default -2)")
  String block;

  @Option(names = "--variant", paramLabel = "VARIANT", description = "without CONFIG: scl variant, concat or project (default concat)")
  String variant;

  @Option(names = "--name", paramLabel = "CHECKPOINT", description = "without CONFIG: checkpoint folder, e.g. epoch-0004 (default: latest)")
  String checkpointName;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config value, e.g. --set train.epochs=5 (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "where transfer.json goes (default: RUN_OUTPUT/NAME with CONFIG, RUN/transfer without)")
  Path out;

  @Override
  public Integer call() {
    boolean flagForm = run != null || dataset != null || !methods.isEmpty() || !shots.isEmpty()
        || block != null || variant != null || checkpointName != null;
    if (config != null && flagForm) {
      throw new UserException(
          "give either a transfer CONFIG or --checkpoint/--dataset flags, not both; put the flags' values in the"
              + " config's [transfer] table, or use --set");
    }
    if (config == null && (run == null || dataset == null)) {
      throw new UserException("name a transfer CONFIG, or both --checkpoint RUN and --dataset FILE");
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
      TransferReport report =
          new TransferRunner(collapseMeter(host), top.out, System.console() != null, folder).run(transfer);
      Path written = report.write(folder);
      // A rerun into the same folder replaces the figures rather than appending a second set.
      Path metrics = folder.resolve("metrics.jsonl");
      try {
        java.nio.file.Files.deleteIfExists(metrics);
      } catch (java.io.IOException e) {
        throw UserException.of("cannot replace " + metrics.getFileName() + ": " + e.getMessage(), metrics.toString(),
            "make the output folder writable (--out)");
      }
      TransferMetrics.record(
          metrics, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), transfer.downstream().name(), report.results());
      top.out.print(TransferTable.of(report.results()));
      top.out.println("wrote " + written);
      return 0;
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
    if (block != null) {
      table.put("block", block);
    }
    if (variant != null) {
      table.put("scl_variant", variant);
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
              return new CollapseMeter(probe, Options.withDefaults("probe '" + NC_PROBE + "'", probe.options(), Map.of()));
            })
        .orElseGet(
            () -> {
              top.err.println(
                  "warning: no '" + NC_PROBE + "' probe plugin is installed; results will have no NC1 (install the nc-probes plugin)");
              return CollapseMeter.none();
            });
  }
}
