package org.nclab.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nclab.api.UserException;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.study.ProcessInvoker;
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

/**
 * {@code nclab study STUDY.toml}: pre-trains every variant, probes and transfers each, and writes
 * results.csv, results.json, plots and report.html into the study folder. Running it again reuses
 * everything already done. docs/studies.md is the manual.
 */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Run a study: many pre-training variants from one TOML file, each probed and transferred; "
        + "results, correlations, plots and an HTML report. Rerun to resume.")
final class StudyCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Parameters(index = "0", paramLabel = "STUDY", description = "study TOML file (see docs/studies.md)")
  Path file;

  @Option(names = "--concurrency", paramLabel = "N", description = "variants at a time (default: the study file's, else 1)")
  Integer concurrency;

  @Option(names = "--check", description = "only check the study file and every variant's config; run nothing")
  boolean checkOnly;

  @Option(names = "--report-only", description = "run nothing: rebuild the results and the report from what is on disk")
  boolean reportOnly;

  @Override
  public Integer call() throws InterruptedException {
    StudyReader reader = new StudyReader(Path.of("").toAbsolutePath());
    StudySpec spec = reader.read(file);
    if (concurrency != null) {
      if (concurrency < 1) {
        throw new UserException("--concurrency must be at least 1, got " + concurrency);
      }
      spec = withConcurrency(spec, concurrency);
    }
    List<StepRecord> records = new ArrayList<>();
    try (PluginHost host = top.startPlugins()) {
      Map<String, RunConfig> configs = new StudyValidator(spec, reader, host).check();
      if (checkOnly) {
        top.out.printf("study %s: %s, %s and %s are valid%n", spec.name(), Plural.of(spec.variants().size(), "variant"),
            Plural.of(spec.downstreams().size(), "downstream dataset"),
            Plural.of(spec.transfers().size(), "transfer method"));
        return 0;
      }
      copyStudyFile(spec);
      top.out.printf("study %s: %s, %s, %s; folder %s%n", spec.name(), Plural.of(spec.variants().size(), "variant"),
          Plural.of(spec.downstreams().size(), "downstream dataset"),
          Plural.of(spec.transfers().size(), "transfer method"), spec.folder());
      if (!reportOnly) {
        List<String> global = new ArrayList<>();
        if (top.pluginsDir != null) {
          global.addAll(List.of("--plugins", top.pluginsDir.toAbsolutePath().toString()));
        }
        String home = System.getProperty(NclabCommand.HOME_PROPERTY);
        try (ProcessInvoker nclab = new ProcessInvoker(home == null ? null : Path.of(home), global)) {
          StudyRunner runner = new StudyRunner(
              spec, StudyValidator.baseConfigFile(spec), configs, host, nclab, top.out);
          // The steps run this same distribution, so its command list says whether they can transfer.
          boolean transfer = spec.transfers().isEmpty() || top.spec.subcommands().containsKey("transfer");
          if (!transfer) {
            top.out.println("note: this nclab has no 'transfer' command yet; transfer steps are skipped and"
                + " reported as such (rerun the study once it has one)");
          }
          records.addAll(runner.run(transfer));
        }
      }
    }
    StudyResults results = StudyResults.collect(spec, records);
    Path report = new StudyReport(spec, results).write();
    for (StudyResults.CorrelationResult c : results.correlations()) {
      top.out.printf("%s: Spearman %s, Pearson %s (n = %d)%n", c.question(),
          describe(c.spearman()), describe(c.pearson()), c.spearman().n());
    }
    long failed = records.stream().filter(StepRecord::failed).count();
    top.out.printf("results %s, %s; report %s%n", spec.folder().resolve(StudyReport.CSV),
        spec.folder().resolve(StudyReport.JSON), report);
    if (failed > 0) {
      top.err.printf("error: %s failed (listed above and in the report); fix the cause and run the same"
          + " command again: finished work is reused%n", Plural.of(failed, "step"));
      return NclabCommand.EXIT_FAILED;
    }
    return 0;
  }

  private static String describe(org.nclab.runtime.study.Correlation c) {
    if (!c.defined()) {
      return "undefined (" + c.note() + ")";
    }
    return Double.isNaN(c.low())
        ? String.format("%.3f", c.coefficient())
        : String.format("%.3f [%.3f, %.3f]", c.coefficient(), c.low(), c.high());
  }

  private static StudySpec withConcurrency(StudySpec s, int concurrency) {
    return new StudySpec(s.file(), s.name(), s.folder(), concurrency, s.retries(), s.seed(), s.bootstrapResamples(),
        s.probeMaxPerClass(), s.base(), s.variants(), s.downstreams(), s.transfers());
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
      throw UserException.of("cannot write the study folder: " + e.getMessage(), spec.folder().toString(),
          "set study.output to a writable folder");
    }
  }
}
