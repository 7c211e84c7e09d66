package org.nclab.runtime.cli;

import java.util.concurrent.Callable;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.ExperimentRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "train", description = "Train the model an experiment config describes.")
final class TrainCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;
  @Mixin ConfigArguments arguments;

  @Override
  public Integer call() {
    try (PluginHost host = top.startPlugins()) {
      Experiment experiment = Experiment.prepare(arguments.load(host));
      ExperimentRunner.Outcome outcome =
          new ExperimentRunner(host, top.out, System.console() != null).train(experiment);
      if (!outcome.completed()) {
        return NclabCommand.EXIT_FAILED; // the runner has said where the last checkpoint is
      }
      top.out.printf(
          "test accuracy %.4f (run folder %s)%n",
          outcome.metrics().getOrDefault("test/accuracy", Double.NaN), outcome.folder().path());
      return 0;
    }
  }
}
