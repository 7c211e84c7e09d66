package org.nclab.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nclab.api.UserException;
import org.nclab.api.options.Options;
import org.nclab.api.probe.Probe;
import org.nclab.runtime.config.ExtensionUse;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.io.AtomicFiles;
import org.nclab.runtime.plugins.ExtensionKind;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.probe.ProbeSuite;
import org.nclab.runtime.run.RestoredRun;
import org.nclab.runtime.text.Numbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Measures a trained model: restores a run's checkpoint and runs probes (by default the run's
 * {@code [[probe]]} tables, else {@code nc}) on chosen splits and taps; prints a table per split
 * and writes every measurement as JSON.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Run probes (NC metrics) on a run's checkpoint, per layer.")
final class ProbeCommand implements Callable<Integer> {
  private static final String DEFAULT_PROBE = "nc";

  @ParentCommand NclabCommand top;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "RUN",
      description = "run folder written by 'nclab train'")
  Path run;

  @Option(
      names = "--checkpoint",
      paramLabel = "NAME",
      description = "checkpoint folder, e.g. epoch-0002 (default: latest)")
  String checkpointName;

  /**
   * The old spelling {@code --checkpoint RUN --name NAME}, still read (with a warning) by {@link
   * RunArgument}.
   */
  @Option(names = "--name", hidden = true, paramLabel = "NAME")
  String oldCheckpointName;

  @Option(
      names = "--probe",
      paramLabel = "ID",
      description = "probe id (default: the run's [[probe]] tables, else nc)")
  String probeId;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      description = "split to measure (repeatable; default: the [[probe]] table's, else train)")
  List<String> splits = new ArrayList<>();

  @Option(
      names = "--tap",
      paramLabel = "TAP",
      description = "tap to measure (repeatable; default: the [[probe]] table's, else every tap)")
  List<String> taps = new ArrayList<>();

  @Option(
      names = "--max-per-class",
      description =
          "class-balanced sample per class; 0: all (default: the [[probe]] table's, else 0)")
  Integer maxPerClass;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override the run's config, e.g. --set dataset.path=\"/data/other\"")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "where to write the measurements (default: RUN/probe-CHECKPOINT.json)")
  Path json;

  @Mixin DatasetOption dataset;

  @Override
  public Integer call() {
    RunArgument given = RunArgument.of("probe", run, checkpointName, oldCheckpointName, top.err);
    run = given.run();
    checkpointName = given.checkpoint();
    List<ProbeSuite.Measurement> measurements = new ArrayList<>();
    Path checkpoint;
    try (PluginHost host = top.startPlugins();
        RestoredRun restored =
            RestoredRun.open(run, checkpointName, overrides, dataset.config(), host)) {
      checkpoint = restored.checkpoint();
      RunConfig config = restored.experiment().config();
      ProbeSuite suite =
          new ProbeSuite(
              restored.session(),
              restored.model(),
              restored.experiment().dataset(),
              restored.experiment().settings().evalBatchSize(),
              config.seed());
      if (probeId == null && !config.probes().isEmpty()) {
        // The run's [[probe]] tables, each with its own splits, taps and sample size unless a
        // flag says otherwise.
        for (ExtensionUse use : config.probes()) {
          var common = use.common();
          measurements.addAll(
              suite.measure(
                  (Probe) use.extension(),
                  use.options(),
                  splits.isEmpty() ? common.getStringList("splits") : splits,
                  taps.isEmpty() ? common.getStringList("taps") : taps,
                  maxPerClass != null ? maxPerClass : common.getInt("max_per_class")));
        }
      } else {
        String id = probeId == null ? DEFAULT_PROBE : probeId;
        Probe probe = host.require(Probe.class, id);
        Options options;
        try {
          options =
              Options.withDefaults(
                  ExtensionKind.PROBE.table() + " '" + id + "'", probe.options(), Map.of());
        } catch (IllegalArgumentException e) {
          throw new UserException(
              "probe '"
                  + id
                  + "' has required options ("
                  + e.getMessage()
                  + "); configure it in a"
                  + " [[probe]] table of the run's config and run 'nclab probe' without --probe");
        }
        measurements.addAll(
            suite.measure(
                probe,
                options,
                splits.isEmpty() ? List.of("train") : splits,
                taps,
                maxPerClass != null ? maxPerClass : 0));
      }
    }
    printTables(measurements);
    // Measurements on other data must not overwrite those on the run's own.
    String suffix =
        dataset.file == null
            ? ""
            : "-" + dataset.file.getFileName().toString().replaceFirst("\\.toml$", "");
    Path out =
        json != null ? json : run.resolve("probe-" + checkpoint.getFileName() + suffix + ".json");
    writeJson(out, checkpoint, measurements);
    top.out.println("wrote " + out);
    return 0;
  }

  /**
   * One table per probe and split: a row per metric, a column per tap (taps are few, metrics many).
   */
  private void printTables(List<ProbeSuite.Measurement> measurements) {
    Map<String, List<ProbeSuite.Measurement>> groups = new LinkedHashMap<>();
    for (ProbeSuite.Measurement m : measurements) {
      groups.computeIfAbsent(m.probe() + " on " + m.split(), k -> new ArrayList<>()).add(m);
    }
    groups.forEach(
        (title, columns) -> {
          Set<String> metrics = new LinkedHashSet<>();
          columns.forEach(c -> metrics.addAll(c.metrics().keySet()));
          int width = metrics.stream().mapToInt(String::length).max().orElse(6);
          top.out.println(title + ":");
          StringBuilder header = new StringBuilder(String.format("  %-" + width + "s", "metric"));
          columns.forEach(c -> header.append(String.format(" %12s", c.tap())));
          top.out.println(header);
          for (String metric : metrics) {
            StringBuilder line = new StringBuilder(String.format("  %-" + width + "s", metric));
            for (ProbeSuite.Measurement column : columns) {
              Double v = column.metrics().get(metric);
              line.append(
                  v == null
                      ? String.format(" %12s", "-")
                      : String.format(" %12s", Numbers.measurement(v, 6)));
            }
            top.out.println(line);
          }
        });
  }

  private void writeJson(Path out, Path checkpoint, List<ProbeSuite.Measurement> measurements) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("run", run.toAbsolutePath().toString());
    document.put("checkpoint", checkpoint.getFileName().toString());
    document.put("measurements", measurements);
    try {
      AtomicFiles.write(
          out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (UncheckedIOException e) {
      throw UserException.of(
          "cannot write the probe results: " + e.getMessage(),
          out.toString(),
          "choose another --json path");
    }
  }
}
