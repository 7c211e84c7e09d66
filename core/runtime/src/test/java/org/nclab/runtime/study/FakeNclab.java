package org.nclab.runtime.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.ResolvedConfigWriter;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.io.AtomicFiles;
import org.nclab.runtime.run.RunInfo;
import org.nclab.runtime.run.RunInfoFile;
import org.nclab.runtime.transfer.TransferReport;
import org.nclab.runtime.transfer.TransferResult;

/**
 * Stands in for the nclab processes a study starts: each command writes what the real one writes (a
 * run folder, probe and rank JSON, transfer.json in the contract's shape), with figures that follow
 * the variant's position: variant i has source NC1 1 + i, downstream NC1 2 + i and linear-probe
 * accuracy 0.9 - 0.1 i, so the correlations are known.
 */
final class FakeNclab implements NclabInvoker {
  final List<List<String>> calls = new ArrayList<>();
  final Map<String, Integer> attempts = new HashMap<>();
  private final List<String> variants;

  /**
   * Exit code to return for a command key (e.g. "train b"), given how often it ran before; 0 runs
   * it.
   */
  ToIntFunction<String> failure = key -> 0;

  FakeNclab(List<String> variants) {
    this.variants = variants;
  }

  @Override
  public synchronized int run(List<String> args, Path log) throws InterruptedException {
    calls.add(List.copyOf(args));
    String command = args.get(0);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "$ nclab " + String.join(" ", args) + "\n");
      String variant = variantOf(args);
      String key = command + " " + variant;
      int before = attempts.merge(key, 1, Integer::sum) - 1;
      int exit = failure.applyAsInt(key + " " + before);
      if (exit != 0) {
        Files.writeString(
            log, "error: " + key + " failed on purpose (attempt " + (before + 1) + ")\n");
        return exit;
      }
      int i = variants.indexOf(variant);
      switch (command) {
        case "train" -> train(args);
        case "probe" ->
            writeJson(
                Path.of(value(args, "--json")),
                Map.of(
                    "measurements",
                    List.of(
                        measurement("train", "block1", 10 + i),
                        measurement("train", "features", 1 + i),
                        measurement("test", "features", 1.5 + i))));
        case "rank" ->
            writeJson(
                Path.of(value(args, "--json")),
                Map.of(
                    "runs",
                    List.of(
                        Map.of(
                            "rank",
                            1,
                            "measurements",
                            List.of(
                                measurement("train", "block1", 20 + i),
                                measurement("train", "features", 2 + i))))));
        case "transfer" -> transfer(args, i);
        default -> throw new AssertionError("unexpected command " + args);
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String variantOf(List<String> args) {
    for (String arg : args) {
      if (arg.startsWith("run.name=")) {
        return arg.substring("run.name=".length()).replace("\"", "");
      }
    }
    // probe RUN ... and transfer RUN ... name the run first; rank ... RUN last.
    String run = args.get(0).equals("rank") ? args.get(args.size() - 1) : args.get(1);
    return Path.of(run).getFileName().toString();
  }

  private static String value(List<String> args, String flag) {
    return args.get(args.indexOf(flag) + 1);
  }

  private void train(List<String> args) throws IOException {
    List<String> overrides = new ArrayList<>();
    for (int a = 2; a < args.size(); a += 2) {
      overrides.add(args.get(a + 1));
    }
    RunConfig config = new ConfigLoader().load(Path.of(args.get(1)), overrides, new TestCatalog());
    Path run = config.output().resolve(config.name());
    ResolvedConfigWriter.write(config, run.resolve("config.toml"));
    int epochs = config.train().getInt("epochs");
    StringBuilder metrics = new StringBuilder();
    for (int e = 1; e <= epochs; e++) {
      metrics.append(
          String.format(
              "{\"phase\":\"epoch\",\"epoch\":%d,\"step\":%d,\"train/loss\":%s,"
                  + "\"train/accuracy\":0.5,\"train/epoch_seconds\":1.5,\"test/loss\":1.0,\"test/accuracy\":%s}%n",
              e, 10 * e, 2.0 / e, 0.5 + 0.1 * e));
    }
    Files.writeString(run.resolve("metrics.jsonl"), metrics);
    new RunInfoFile(run.resolve("run.json"))
        .write(
            new RunInfo(
                new RunInfo.Identity(config.name(), "0.1.0", "2.18.0", config.seed(), Map.of()),
                new RunInfo.Data("synthetic", "16x16x1", List.of("a", "b"), 100, 20),
                new RunInfo.Model("cnn", 1000),
                new RunInfo.Outcome(
                    "finished",
                    "start",
                    "end",
                    epochs,
                    Map.of("test/accuracy", 0.5 + 0.1 * epochs),
                    null)));
  }

  /** A transfer.json written by the real report type, so the fake cannot drift from the format. */
  private void transfer(List<String> args, int i) {
    String method = value(args, "--method");
    Integer shots = args.contains("--shots") ? Integer.valueOf(value(args, "--shots")) : null;
    int draws = args.contains("--draws") ? Integer.parseInt(value(args, "--draws")) : 1;
    // Draw d of a few-shot transfer is 0.01 d below the variant's accuracy, 0.001 per image above.
    List<TransferResult> results = new ArrayList<>();
    for (int d = 1; d <= draws; d++) {
      double accuracy =
          (method.equals("linear-probe") ? 0.9 : 0.8)
              - 0.1 * i
              - (draws > 1 ? 0.01 * d : 0)
              + (draws > 1 ? 0.001 * shots : 0);
      results.add(
          TransferResult.of(method)
              .shots(shots)
              .draw(draws > 1 ? d : null)
              .parameters(100, 1000, 0.1)
              .accuracy(10, 0.95, accuracy)
              .finalLoss(0.2)
              .nc1(2.0 + i, null)
              .seconds(3.0)
              .build());
    }
    new TransferReport(
            args.get(1),
            "latest",
            "synthetic",
            new TransferReport.Downstream("other", 2, 10, 5),
            null,
            0,
            Map.of(),
            results)
        .write(Path.of(value(args, "--out")));
  }

  private static Map<String, Object> measurement(String split, String tap, double nc1) {
    return Map.of(
        "probe", "nc", "split", split, "tap", tap, "metrics", Map.of("nc1", nc1, "nc1_rank", 1.0));
  }

  private static void writeJson(Path file, Object document) throws IOException {
    AtomicFiles.write(file, new ObjectMapper().writeValueAsBytes(document));
  }
}
