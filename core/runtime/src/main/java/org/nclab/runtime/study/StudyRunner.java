package org.nclab.runtime.study;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.run.ConfigDiff;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.run.RunInfoFile;
import org.nclab.runtime.text.Plural;
import org.nclab.runtime.transfer.TransferReport;

/**
 * Runs every variant of a study through its steps, {@code concurrency} variants at a time, each
 * step an nclab process: pre-train ({@code nclab train}), probe the source data per layer ({@code
 * nclab probe}), probe each downstream dataset per layer with the model frozen ({@code nclab
 * rank}), and transfer with each method ({@code nclab transfer}).
 *
 * <p>Resumable: a finished run (run.json says so, with the same config) and every step output
 * already written are reused; an unfinished run is resumed from its checkpoint by {@code nclab
 * train} itself. A step that crashes is run again up to {@code retries} times; one that exits with
 * "bad input" (2) is not, since it would fail the same way. A failed step is recorded and reported;
 * the variant's other steps still run where they can.
 */
public final class StudyRunner {
  private final StudySpec spec;
  private final StudyPaths paths;
  private final Path baseConfig;
  private final Map<String, RunConfig> configs;
  private final ExtensionCatalog catalog;
  private final NclabInvoker nclab;
  private final PrintStream out;
  private final AtomicInteger finished = new AtomicInteger();

  public StudyRunner(
      StudySpec spec,
      Path baseConfig,
      Map<String, RunConfig> configs,
      ExtensionCatalog catalog,
      NclabInvoker nclab,
      PrintStream out) {
    this.spec = spec;
    this.paths = new StudyPaths(spec.folder());
    this.baseConfig = baseConfig;
    this.configs = configs;
    this.catalog = catalog;
    this.nclab = nclab;
    this.out = out;
  }

  /** Runs every variant's steps; returns what happened to each step, in variant order. */
  public List<StepRecord> run() throws InterruptedException {
    ExecutorService workers =
        Executors.newFixedThreadPool(
            spec.execution().concurrency(),
            runnable -> {
              Thread thread = new Thread(runnable, "nclab-study-worker");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<List<StepRecord>>> futures = new ArrayList<>();
      for (StudySpec.Variant variant : spec.variants()) {
        futures.add(workers.submit(() -> runVariant(variant)));
      }
      List<StepRecord> records = new ArrayList<>();
      for (Future<List<StepRecord>> future : futures) {
        try {
          records.addAll(future.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof InterruptedException interrupted) {
            throw interrupted;
          }
          throw e.getCause() instanceof RuntimeException runtime
              ? runtime
              : new IllegalStateException(e.getCause());
        }
      }
      return records;
    } finally {
      workers.shutdownNow();
    }
  }

  private List<StepRecord> runVariant(StudySpec.Variant variant) throws InterruptedException {
    String name = variant.name();
    List<StepRecord> records = new ArrayList<>();
    StepRecord train = train(variant);
    records.add(train);
    if (train.failed()) {
      report(name, train);
      return records;
    }
    if (train.status().equals(StepRecord.DONE)) {
      deleteTree(paths.measurements(name)); // measured the weights of an earlier, unfinished run
    }
    Path run = paths.run(name).toAbsolutePath();
    String maxPerClass = String.valueOf(spec.analysis().probeMaxPerClass());
    records.add(
        step(
            name,
            "source-probe",
            paths.sourceProbe(name),
            List.of(
                "probe",
                run.toString(),
                "--probe",
                "nc",
                "--split",
                "train",
                "--split",
                "test",
                "--max-per-class",
                maxPerClass,
                "--json",
                paths.sourceProbe(name).toAbsolutePath().toString())));
    for (StudySpec.Downstream downstream : spec.downstreams()) {
      Path output = paths.downstreamProbe(name, downstream.name());
      records.add(
          step(
              name,
              "downstream-" + downstream.name(),
              output,
              List.of(
                  "rank",
                  "--dataset",
                  downstream.dataset().toString(),
                  "--max-per-class",
                  maxPerClass,
                  "--json",
                  output.toAbsolutePath().toString(),
                  run.toString())));
      for (StudySpec.TransferMethod method : spec.transfers()) {
        String step = "transfer-" + downstream.name() + "-" + method.label();
        Path folder = paths.transferFolder(name, downstream.name(), method);
        List<String> args =
            new ArrayList<>(
                List.of(
                    "transfer",
                    run.toString(),
                    "--dataset",
                    downstream.dataset().toString(),
                    "--method",
                    method.method()));
        if (method.shots() != null) {
          args.addAll(List.of("--shots", method.shots().toString()));
        }
        if (method.draws() != null) {
          args.addAll(List.of("--draws", method.draws().toString()));
        }
        if (variant.seed() != null) {
          // The transfer's own randomness (few-shot draw, classifier start, batch order) follows
          // the seed too, so that seeds measure the whole pipeline's spread.
          args.addAll(List.of("--set", "run.seed=" + variant.seed()));
        }
        args.addAll(method.args());
        args.addAll(List.of("--out", folder.toAbsolutePath().toString()));
        records.add(step(name, step, folder.resolve(TransferReport.FILE), args));
      }
    }
    long failures = records.stream().filter(StepRecord::failed).count();
    synchronized (out) {
      out.printf(
          "[%d/%d] %s: %s%n",
          finished.incrementAndGet(),
          spec.variants().size(),
          name,
          failures == 0
              ? "done (" + summary(records) + ")"
              : Plural.of(failures, "step") + " failed");
      records.stream()
          .filter(r -> r.failed() || r.status().equals(StepRecord.SKIPPED))
          .map(r -> "  " + r.step() + " " + r.status() + ": " + r.message())
          .distinct()
          .forEach(out::println);
    }
    return records;
  }

  private static String summary(List<StepRecord> records) {
    long reused = records.stream().filter(r -> r.status().equals(StepRecord.REUSED)).count();
    long ran = records.stream().filter(r -> r.status().equals(StepRecord.DONE)).count();
    return Plural.of(ran, "step") + " run, " + reused + " reused";
  }

  private void report(String name, StepRecord failure) {
    synchronized (out) {
      out.printf(
          "[%d/%d] %s: %s failed: %s%n",
          finished.incrementAndGet(),
          spec.variants().size(),
          name,
          failure.step(),
          failure.message());
    }
  }

  /**
   * Pre-training: reuse a finished run of the same config, resume an unfinished one, or start it.
   */
  private StepRecord train(StudySpec.Variant variant) throws InterruptedException {
    String name = variant.name();
    Path run = paths.run(name);
    Path info = run.resolve(RunFolder.RUN_INFO);
    if (Files.isDirectory(run)
        && !Files.exists(info)
        && !Files.exists(run.resolve("checkpoints"))) {
      deleteTree(
          run); // a start killed before run.json: nothing to keep, and 'train' would pick name-2
    }
    if (Files.exists(info)) {
      List<String> differences = differences(run, configs.get(name));
      if (!differences.isEmpty()) {
        return new StepRecord(
            name,
            "train",
            StepRecord.FAILED,
            0,
            "its run folder "
                + run
                + " holds a run of another config (differs at "
                + differences
                + "); delete that folder or rename the variant",
            0);
      }
      if (status(info).equals("finished")) {
        return new StepRecord(name, "train", StepRecord.REUSED, 0, null, 0);
      }
    }
    List<String> args = new ArrayList<>(List.of("train", baseConfig.toString()));
    for (String override : variant.overrides()) {
      args.add("--set");
      args.add(override);
    }
    for (String placement : StudyValidator.placement(spec, variant)) {
      args.add("--set");
      args.add(placement);
    }
    if (nclab.stopping()) {
      throw new InterruptedException("the study is stopping"); // say nothing about starting it
    }
    synchronized (out) {
      out.printf("%s: training (log %s)%n", name, paths.log(name, "train"));
    }
    StepRecord record = attempt(name, "train", args, null);
    if (!record.failed() && !status(info).equals("finished")) {
      return new StepRecord(
          name,
          "train",
          StepRecord.FAILED,
          record.attempts(),
          "nclab train ended without finishing the run (run.json: "
              + status(info)
              + "); see "
              + paths.log(name, "train"),
          record.seconds());
    }
    return record;
  }

  private StepRecord step(String name, String step, Path output, List<String> args)
      throws InterruptedException {
    if (Files.isRegularFile(output)) {
      return new StepRecord(name, step, StepRecord.REUSED, 0, null, 0);
    }
    return attempt(name, step, args, output);
  }

  /**
   * Runs a command, again after a crash (up to the study's retries), never after a "bad input"
   * exit.
   */
  private StepRecord attempt(String name, String step, List<String> args, Path output)
      throws InterruptedException {
    Path log = paths.log(name, step);
    long start = System.nanoTime();
    int attempts = 0;
    int exit;
    do {
      attempts++;
      exit = nclab.run(args, log);
      if (exit != 0 && nclab.stopping()) {
        throw new InterruptedException("the study is stopping"); // stopped, not failed
      }
    } while (exit != 0 && exit != 2 && attempts <= spec.execution().retries());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit == 0 && output != null && !Files.isRegularFile(output)) {
      return new StepRecord(
          name,
          step,
          StepRecord.FAILED,
          attempts,
          "exited normally but wrote no " + output.getFileName() + "; see " + log,
          seconds);
    }
    if (exit != 0) {
      return new StepRecord(
          name,
          step,
          StepRecord.FAILED,
          attempts,
          lastError(log)
              + " (exit "
              + exit
              + (attempts > 1 ? " after " + attempts + " attempts" : "")
              + "; log "
              + log
              + ")",
          seconds);
    }
    return new StepRecord(name, step, StepRecord.DONE, attempts, null, seconds);
  }

  private List<String> differences(Path run, RunConfig intended) {
    try {
      RunConfig stored = new ConfigLoader().load(run.resolve(RunFolder.CONFIG), List.of(), catalog);
      return ConfigDiff.between(stored.resolved(), intended.resolved());
    } catch (UserException e) {
      return List.of(
          "(its config.toml does not load: " + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  private static String status(Path info) {
    if (!Files.exists(info)) {
      return "missing";
    }
    try {
      return new RunInfoFile(info).read().status();
    } catch (UserException e) {
      return "unreadable";
    }
  }

  /** The command's own error line ("error: ..."), else its last line. */
  public static String lastError(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      Collections.reverse(lines);
      return lines.stream()
          .filter(l -> l.startsWith("error: ") || l.startsWith("internal error: "))
          .findFirst()
          .or(() -> lines.stream().filter(l -> !l.isBlank()).findFirst())
          .orElse("no output");
    } catch (IOException e) {
      return "no log (" + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try {
      MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + folder + ": " + e.getMessage(), e);
    }
  }
}
