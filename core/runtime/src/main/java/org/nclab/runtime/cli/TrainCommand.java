package org.nclab.runtime.cli;

import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import org.nclab.api.UserException;
import org.nclab.runtime.dashboard.LiveDashboard;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.ExperimentRunner;
import org.nclab.runtime.run.ResumeMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Train the model an experiment config describes. An unfinished run of the same name and "
            + "config is resumed from its last checkpoint.")
final class TrainCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;
  @Mixin ConfigArguments arguments;

  @Option(
      names = "--resume",
      description =
          "continue the unfinished run of this name from its last checkpoint; refuse if the config"
              + " differs")
  boolean resume;

  @Option(names = "--force", description = "with --resume: continue even though the config differs")
  boolean force;

  @Option(names = "--new", description = "always start a new run folder, never resume")
  boolean fresh;

  @Option(
      names = "--executor",
      paramLabel = "local|slurm",
      description =
          "slurm: submit this run as a Slurm job (options: --set executor.slurm.KEY=VALUE, see"
              + " nclab describe executor.slurm) and return at once")
  String executor = "local";

  @Option(
      names = "--dashboard",
      arity = "0..1",
      fallbackValue = "0",
      preprocessor = PortOnlyWithEquals.class,
      paramLabel = "PORT",
      description =
          "serve a live dashboard of the run on http://127.0.0.1:PORT/ while it trains and after, "
              + "until Ctrl-C (no PORT: any free port; the address is printed)")
  Integer dashboard;

  /**
   * {@code --dashboard CONFIG} must not read CONFIG as the port: a port is only taken when attached
   * ({@code --dashboard=8050}), as picocli's documentation suggests for an optional value.
   */
  static final class PortOnlyWithEquals implements CommandLine.IParameterPreprocessor {
    @Override
    public boolean preprocess(
        Stack<String> args,
        CommandLine.Model.CommandSpec command,
        CommandLine.Model.ArgSpec arg,
        Map<String, Object> info) {
      if (" ".equals(info.get("separator"))) {
        args.push("0"); // as if --dashboard=0 had been written: any free port
      }
      return false; // picocli goes on parsing the (pushed or attached) value
    }
  }

  private ResumeMode mode() {
    if (fresh && (resume || force)) {
      throw new UserException("--new cannot be combined with --resume or --force; choose one");
    }
    if (force && !resume) {
      throw new UserException("--force only applies to --resume; add --resume");
    }
    return fresh
        ? ResumeMode.NEVER
        : force ? ResumeMode.FORCED : resume ? ResumeMode.REQUIRED : ResumeMode.AUTO;
  }

  @Override
  public Integer call() throws InterruptedException {
    ResumeMode mode = mode(); // flag conflicts before any data is read
    if (executor.equals("slurm")) {
      return SlurmTrainSubmit.submit(top, arguments);
    } else if (!executor.equals("local")) {
      throw new UserException(
          "--executor " + executor + " is unknown; use local (default) or slurm");
    }
    try (PluginHost host = top.startPlugins();
        LiveDashboard live = dashboard == null ? null : new LiveDashboard(dashboard)) {
      Experiment experiment = Experiment.prepare(arguments.load(host));
      ExperimentRunner runner = new ExperimentRunner(host, top.out, System.console() != null);
      if (live != null) {
        runner = runner.withDashboard(folder -> live.serve(folder).url());
      }
      ExperimentRunner.Outcome outcome = runner.train(experiment, mode);
      if (!outcome.completed()) {
        if (live != null) {
          top.out.printf(
              "dashboard stopped; to look at the run again: nclab dashboard %s%n",
              outcome.folder().path());
        }
        return NclabCommand.EXIT_FAILED; // the runner has said where the last checkpoint is
      }
      top.out.printf(
          "test accuracy %.4f (run folder %s)%n",
          outcome.metrics().getOrDefault("test/accuracy", Double.NaN), outcome.folder().path());
      if (live != null) {
        live.serveUntilStopped(top.out); // an open tab keeps its charts
      }
      return 0;
    }
  }
}
