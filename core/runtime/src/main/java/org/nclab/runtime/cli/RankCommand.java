package org.nclab.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nclab.api.UserException;
import org.nclab.api.options.Options;
import org.nclab.api.probe.Probe;
import org.nclab.runtime.io.AtomicFiles;
import org.nclab.runtime.plugins.ExtensionKind;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.probe.ProbeSuite;
import org.nclab.runtime.study.Correlation;
import org.nclab.runtime.study.Correlations;
import org.nclab.runtime.study.StudyRunner;
import org.nclab.runtime.text.Numbers;
import org.nclab.runtime.transfer.DownstreamProbe;
import org.nclab.runtime.transfer.TransferReport;
import org.nclab.runtime.transfer.TransferResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nclab rank --dataset DOWNSTREAM.toml RUN...}: orders trained runs by how far their frozen
 * features collapse on the downstream training data (NC1, lower first), with no fine-tuning: the
 * paper's finding that lower downstream NC1 goes with a better linear probe, as a tool to pick a
 * checkpoint. {@code --check} runs the linear probe on each and reports how well the ranking held.
 */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Rank trained runs for a downstream dataset by the NC1 of their frozen features on it "
            + "(lower first), without fine-tuning; --check compares with linear-probe accuracy.")
final class RankCommand implements Callable<Integer> {
  private static final String PROBE = "nc";
  private static final String SPLIT = "train";

  @ParentCommand NclabCommand top;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "FILE",
      description =
          "a TOML file whose [dataset] table is the downstream data (same image shape as the runs)")
  Path dataset;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description = "run folders written by 'nclab train'")
  List<Path> runs;

  @Option(
      names = "--tap",
      paramLabel = "TAP",
      description = "the layer to rank by (default: ${DEFAULT-VALUE})")
  String tap = "features";

  @Option(
      names = "--max-per-class",
      paramLabel = "N",
      description =
          "class-balanced sample of the downstream training data per class; 0: all (default:"
              + " ${DEFAULT-VALUE})")
  int maxPerClass = 0;

  @Option(
      names = "--check",
      description =
          "also run the linear probe on each run (nclab transfer) and report "
              + "the Spearman correlation between the ranking and the accuracy")
  boolean check;

  @Option(
      names = "--seed",
      description = "seed of the bootstrap interval (default: ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "also write the ranking and every layer's metrics as JSON")
  Path json;

  /** One run's place in the ranking. */
  record Ranked(
      String run, double nc1, List<ProbeSuite.Measurement> measurements, Double accuracy) {}

  @Override
  public Integer call() throws InterruptedException {
    if (maxPerClass < 0) {
      throw new UserException("--max-per-class must be 0 (all) or more, got " + maxPerClass);
    }
    DatasetOption.requireConfig("--dataset", dataset);
    List<Ranked> ranked = new ArrayList<>();
    try (PluginHost host = top.startPlugins()) {
      Probe probe = host.require(Probe.class, PROBE);
      Options options =
          Options.withDefaults(
              ExtensionKind.PROBE.table() + " '" + PROBE + "'", probe.options(), Map.of());
      for (Path run : runs) {
        List<ProbeSuite.Measurement> measurements =
            DownstreamProbe.measure(
                run, dataset, host, probe, options, List.of(SPLIT), List.of(), maxPerClass);
        Double nc1 =
            measurements.stream()
                .filter(m -> m.tap().equals(tap))
                .findFirst()
                .map(m -> m.metrics().get("nc1"))
                .orElse(null);
        if (nc1 == null) {
          throw UserException.of(
              "no NC1 for tap '"
                  + tap
                  + "' (taps measured: "
                  + measurements.stream().map(ProbeSuite.Measurement::tap).toList()
                  + ")",
              run.toString(),
              "choose one of those with --tap");
        }
        ranked.add(new Ranked(run.toString(), nc1, measurements, null));
      }
    }
    ranked.sort(Comparator.comparingDouble(Ranked::nc1));
    Correlation agreement = null;
    if (check) {
      ranked = withAccuracy(ranked);
      double[] negativeNc1 = ranked.stream().mapToDouble(r -> -r.nc1()).toArray();
      double[] accuracy = ranked.stream().mapToDouble(Ranked::accuracy).toArray();
      agreement = new Correlations(2000, seed).spearman(negativeNc1, accuracy);
    }
    print(ranked, agreement);
    if (json != null) {
      writeJson(ranked, agreement);
      top.out.println("wrote " + json);
    }
    return 0;
  }

  private List<Ranked> withAccuracy(List<Ranked> ranked) throws InterruptedException {
    String home = System.getProperty(NclabCommand.HOME_PROPERTY);
    List<String> global =
        top.pluginsDir == null
            ? List.of()
            : List.of("--plugins", top.pluginsDir.toAbsolutePath().toString());
    String name = dataset.getFileName().toString().replaceFirst("\\.toml$", "");
    List<Ranked> out = new ArrayList<>();
    try (ProcessInvoker nclab = new ProcessInvoker(home == null ? null : Path.of(home), global)) {
      for (Ranked r : ranked) {
        Path folder =
            Path.of(r.run()).toAbsolutePath().resolve("rank").resolve(name).resolve("linear-probe");
        Path log = folder.resolve("transfer.log");
        int exit =
            nclab.run(
                List.of(
                    "transfer",
                    Path.of(r.run()).toAbsolutePath().toString(),
                    "--dataset",
                    dataset.toAbsolutePath().toString(),
                    "--method",
                    "linear-probe",
                    "--out",
                    folder.toString()),
                log);
        if (exit != 0) {
          throw UserException.of(
              "the linear probe failed (exit " + exit + "): " + StudyRunner.lastError(log),
              r.run(),
              "read " + log + "; 'nclab transfer' must exist (issue 5) for --check");
        }
        TransferReport results = TransferReport.read(folder.resolve(TransferReport.FILE));
        Double accuracy =
            results.results().stream()
                .filter(x -> x.method().equals("linear-probe") && x.shotsPerClass() == null)
                .findFirst()
                .map(TransferResult::testAccuracy)
                .orElseThrow(
                    () ->
                        UserException.of(
                            "no full-data linear-probe result",
                            folder.resolve(TransferReport.FILE).toString(),
                            "rerun with --check after deleting it"));
        out.add(new Ranked(r.run(), r.nc1(), r.measurements(), accuracy));
      }
    }
    return out;
  }

  private void print(List<Ranked> ranked, Correlation agreement) {
    Set<String> taps = new LinkedHashSet<>();
    ranked.forEach(r -> r.measurements().forEach(m -> taps.add(m.tap())));
    int width = Math.max(3, ranked.stream().mapToInt(r -> r.run().length()).max().orElse(3));
    StringBuilder header = new StringBuilder(String.format("rank  %-" + width + "s", "run"));
    taps.forEach(t -> header.append(String.format(" %12s", "nc1 " + t)));
    if (agreement != null) {
      header.append(String.format(" %12s", "lp accuracy"));
    }
    top.out.println(
        "downstream "
            + dataset
            + ", NC1 of frozen layers on its "
            + SPLIT
            + " split; ranked by "
            + tap
            + " (lower first):");
    top.out.println(header);
    for (int i = 0; i < ranked.size(); i++) {
      Ranked r = ranked.get(i);
      StringBuilder line =
          new StringBuilder(String.format("%4d  %-" + width + "s", i + 1, r.run()));
      for (String t : taps) {
        Double v =
            r.measurements().stream()
                .filter(m -> m.tap().equals(t))
                .findFirst()
                .map(m -> m.metrics().get("nc1"))
                .orElse(null);
        line.append(
            v == null
                ? String.format(" %12s", "-")
                : String.format(" %12s", Numbers.measurement(v, 5)));
      }
      if (agreement != null) {
        line.append(String.format(" %12.4f", r.accuracy()));
      }
      top.out.println(line);
    }
    if (agreement != null) {
      top.out.println(
          agreement.defined()
              ? String.format(
                  "Spearman between the ranking and linear-probe accuracy: %.3f%s (n = %d; 1 = the"
                      + " ranking orders the runs exactly by accuracy)",
                  agreement.coefficient(),
                  Double.isNaN(agreement.low())
                      ? ""
                      : String.format(
                          ", 95%% interval [%.3f, %.3f]", agreement.low(), agreement.high()),
                  agreement.n())
              : "Spearman between the ranking and linear-probe accuracy: undefined ("
                  + agreement.note()
                  + ")");
    }
  }

  private void writeJson(List<Ranked> ranked, Correlation agreement) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("dataset", dataset.toAbsolutePath().toString());
    document.put("split", SPLIT);
    document.put("tap", tap);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      Ranked r = ranked.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rank", i + 1);
      row.put("run", Path.of(r.run()).toAbsolutePath().toString());
      row.put("nc1", r.nc1());
      row.put("linear_probe_accuracy", r.accuracy());
      row.put("measurements", r.measurements());
      rows.add(row);
    }
    document.put("runs", rows);
    document.put("spearman", agreement);
    try {
      AtomicFiles.write(
          json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (UncheckedIOException e) {
      throw UserException.of(
          "cannot write the ranking: " + e.getMessage(),
          json.toString(),
          "choose another --json path");
    }
  }
}
