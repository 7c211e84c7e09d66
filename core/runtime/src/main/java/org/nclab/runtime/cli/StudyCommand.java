package org.nclab.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nclab.api.UserException;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.slurm.SlurmClient;
import org.nclab.runtime.study.Correlation;
import org.nclab.runtime.study.SlurmStudy;
import org.nclab.runtime.study.StepRecord;
import org.nclab.runtime.study.StudyReader;
import org.nclab.runtime.study.StudyReport;
import org.nclab.runtime.study.StudyResults;
import org.nclab.runtime.study.StudyRunner;
import org.nclab.runtime.study.StudySpec;
import org.nclab.runtime.study.StudyValidator;
import org.nclab.runtime.text.Plural;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code nclab study STUDY.toml}: pre-trains every variant, probes and transfers each, and writes
 * results.csv, results.json, plots and report.html into the study folder. Running it again reuses
 * everything already done. docs/studies.md is the manual.
 */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Run a study: many pre-training variants from one TOML file, each probed and transferred; "
            + "results, correlations, plots and an HTML report. Rerun to resume.")
final class StudyCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Parameters(
      index = "0",
      paramLabel = "STUDY",
      description = "study TOML file (see docs/studies.md)")
  Path file;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "variants at a time (default: the study file's, else 1)")
  Integer concurrency;

  @Option(
      names = "--check",
      description = "only check the study file and every variant's config; run nothing")
  boolean checkOnly;

  @Option(
      names = "--report-only",
      description = "run nothing: rebuild the results and the report from what is on disk")
  boolean reportOnly;

  @Option(
      names = "--status",
      description = "slurm executor: each variant's state (done, running, pending, failed)")
  boolean status;

  @Option(
      names = "--cancel",
      description = "slurm executor: cancel every queued or running job of the study")
  boolean cancel;

  /** What one Slurm array task runs: one variant's whole pipeline, here. */
  @Option(
      names = "--variant",
      paramLabel = "NAME",
      hidden = true,
      description = "run only this variant's steps and record how it ended (a Slurm array task)")
  String variant;

  @Override
  public Integer call() throws InterruptedException {
    StudyReader reader = new StudyReader(Path.of("").toAbsolutePath());
    StudySpec spec = reader.read(file);
    if (concurrency != null) {
      if (concurrency < 1) {
        throw new UserException("--concurrency must be at least 1, got " + concurrency);
      }
      spec = spec.withConcurrency(concurrency);
    }
    if (status || cancel) {
      if (spec.execution().slurm() == null) {
        throw new UserException(
            (status ? "--status" : "--cancel")
                + " is for studies run by Slurm; "
                + file
                + " runs locally ([study] executor = \"local\"): its progress is the console output"
                + " and STUDY/logs/");
      }
      SlurmStudy slurm = new SlurmStudy(spec, new SlurmClient(SLURM_CHOSEN));
      return status ? slurm.status(top.out) : slurm.cancel(top.out);
    }
    if (variant != null) {
      return runOneVariant(reader, spec);
    }
    List<StepRecord> records = new ArrayList<>();
    try (PluginHost host = top.startPlugins()) {
      Map<String, RunConfig> configs = new StudyValidator(spec, reader, host).check();
      if (checkOnly) {
        top.out.printf(
            "study %s: %s, %s and %s are valid%n",
            spec.name(),
            runs(spec),
            Plural.of(spec.downstreams().size(), "downstream dataset"),
            Plural.of(spec.transfers().size(), "transfer method"));
        return 0;
      }
      copyStudyFile(spec);
      top.out.printf(
          "study %s: %s, %s, %s; folder %s%n",
          spec.name(),
          runs(spec),
          Plural.of(spec.downstreams().size(), "downstream dataset"),
          Plural.of(spec.transfers().size(), "transfer method"),
          spec.folder());
      if (!reportOnly && spec.execution().slurm() != null) {
        new SlurmStudy(spec, new SlurmClient(SLURM_CHOSEN))
            .submit(
                ProcessInvoker.launcher(home()),
                globalArgs(),
                Path.of("").toAbsolutePath(),
                top.out);
        return 0;
      }
      if (!reportOnly) {
        StudySpec running = spec;
        Runnable stoppedLine =
            () ->
                top.err.printf(
                    "study %s stopped by a signal: finished steps are kept in %s and an"
                        + " unfinished training resumes from its checkpoint; run the same command"
                        + " again to resume%n",
                    running.name(), running.folder());
        try (ProcessInvoker nclab = new ProcessInvoker(home(), globalArgs(), stoppedLine)) {
          StudyRunner runner =
              new StudyRunner(
                  spec, StudyValidator.baseConfigFile(spec), configs, host, nclab, top.out);
          try {
            records.addAll(runner.run());
          } catch (InterruptedException e) {
            if (!nclab.stopping()) {
              throw e;
            }
            return NclabCommand.EXIT_FAILED; // the signal's hook says so (stoppedLine)
          }
        }
      }
    }
    StudyResults results = StudyResults.collect(spec, records);
    Path report = new StudyReport(spec, results).write();
    for (StudyResults.CorrelationResult c : results.correlations()) {
      top.out.printf(
          "%s: Spearman %s, Pearson %s (%s)%n",
          c.question(),
          describe(c.spearman()),
          describe(c.pearson()),
          Plural.of(c.spearman().n(), "variant"));
    }
    long failed = records.stream().filter(StepRecord::failed).count();
    top.out.printf(
        "results %s (per variant %s, verdicts %s), %s; report %s%n",
        spec.folder().resolve(StudyReport.CSV),
        StudyReport.MEANS_CSV,
        StudyReport.VERDICTS_CSV,
        spec.folder().resolve(StudyReport.JSON),
        report);
    if (failed > 0) {
      top.err.printf(
          "error: %s failed (listed above and in the report); fix the cause and run the same"
              + " command again: finished work is reused%n",
          Plural.of(failed, "step"));
      return NclabCommand.EXIT_FAILED;
    }
    return 0;
  }

  /** {@code 12 variants x 3 seeds (36 runs)}, or {@code 15 variants} without seeds. */
  private static String runs(StudySpec spec) {
    long groups = spec.variants().stream().map(StudySpec.Variant::group).distinct().count();
    return groups == spec.variants().size()
        ? Plural.of(groups, "variant")
        : String.format(
            "%s x %s (%d runs)",
            Plural.of(groups, "variant"),
            Plural.of(spec.variants().size() / groups, "seed"),
            spec.variants().size());
  }

  private static final String SLURM_CHOSEN = "[study] executor = \"slurm\"";

  /**
   * One variant's pipeline, as a Slurm array task runs it, and a record of how it ended. SIGUSR1
   * (Slurm: the time limit is near) stops the steps as SIGTERM would: each checkpoints and ends,
   * nothing is recorded, and the batch script requeues the task, which then resumes.
   */
  private int runOneVariant(StudyReader reader, StudySpec spec) throws InterruptedException {
    StudySpec.Variant only =
        spec.variants().stream()
            .filter(v -> v.name().equals(variant))
            .findFirst()
            .orElseThrow(
                () ->
                    new UserException(
                        "the study "
                            + file
                            + " has no variant '"
                            + variant
                            + "'; its variants: "
                            + spec.variants().stream().map(StudySpec.Variant::name).toList()));
    SlurmStudy slurm = new SlurmStudy(spec, new SlurmClient(SLURM_CHOSEN));
    StudySpec one = spec.withVariants(List.of(only)).withConcurrency(1);
    try (PluginHost host = top.startPlugins()) {
      Map<String, RunConfig> configs = new StudyValidator(one, reader, host).check();
      slurm.deleteState(variant);
      AtomicBoolean stopped = new AtomicBoolean();
      try (ProcessInvoker nclab = new ProcessInvoker(home(), globalArgs())) {
        SignalHandler previous =
            Signal.handle(
                new Signal("USR1"),
                signal -> {
                  stopped.set(true);
                  nclab.stopChildren();
                });
        List<StepRecord> records;
        try {
          records =
              new StudyRunner(
                      one, StudyValidator.baseConfigFile(one), configs, host, nclab, top.out)
                  .run();
        } catch (InterruptedException e) {
          if (!stopped.get()) {
            throw e;
          }
          records = List.of();
        } finally {
          Signal.handle(new Signal("USR1"), previous);
        }
        if (stopped.get()) {
          top.out.printf(
              "variant %s: stopped by SIGUSR1; its steps checkpointed and the job is requeued%n",
              variant);
          return NclabCommand.EXIT_FAILED;
        }
        slurm.recordOutcome(variant, records);
        return records.stream().anyMatch(StepRecord::failed) ? NclabCommand.EXIT_FAILED : 0;
      }
    }
  }

  private static Path home() {
    String home = System.getProperty(NclabCommand.HOME_PROPERTY);
    return home == null ? null : Path.of(home);
  }

  private List<String> globalArgs() {
    List<String> global = new ArrayList<>();
    if (top.pluginsDir != null) {
      global.addAll(List.of("--plugins", top.pluginsDir.toAbsolutePath().toString()));
    }
    return global;
  }

  private static String describe(Correlation c) {
    if (!c.defined()) {
      return "undefined (" + c.note() + ")";
    }
    return Double.isNaN(c.low())
        ? String.format("%.3f", c.coefficient())
        : String.format("%.3f [%.3f, %.3f]", c.coefficient(), c.low(), c.high());
  }

  /** The study folder keeps the study file it was made from, beside the results. */
  private void copyStudyFile(StudySpec spec) {
    try {
      Files.createDirectories(spec.folder());
      Path copy = spec.folder().resolve("study.toml");
      if (!Files.exists(copy) || !Files.isSameFile(file.toAbsolutePath(), copy)) {
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw UserException.of(
          "cannot write the study folder: " + e.getMessage(),
          spec.folder().toString(),
          "set study.output to a writable folder");
    }
  }
}
