package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.RestoredRun;
import org.nclab.runtime.train.EvalResult;
import org.nclab.runtime.train.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Restores a run's latest complete checkpoint (or a named one) into a graph rebuilt from the run's
 * resolved config, and evaluates it on a split. Works on interrupted runs too.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Evaluate a run's latest checkpoint on its test split.")
final class EvalCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Parameters(index = "0", paramLabel = "RUN", description = "run folder written by 'nclab train'")
  Path run;

  @Option(
      names = "--checkpoint",
      paramLabel = "NAME",
      description = "checkpoint folder name, e.g. epoch-0002 (default: latest)")
  String checkpoint;

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "split to evaluate (default ${DEFAULT-VALUE})")
  String split;

  @Mixin DatasetOption dataset;

  @Override
  public Integer call() {
    try (PluginHost host = top.startPlugins();
        RestoredRun restored =
            RestoredRun.open(run, checkpoint, List.of(), dataset.config(), host)) {
      Experiment experiment = restored.experiment();
      EvalResult result =
          new Evaluator(
                  restored.session(),
                  restored.model().eval(),
                  experiment.dataset().shape(),
                  experiment.settings().evalBatchSize())
              .evaluate(experiment.dataset().split(split), split);
      top.out.printf(
          "%s (epoch %d, step %d): %s loss %.4f, accuracy %.4f on %d examples%n",
          restored.checkpoint().getFileName(),
          restored.metadata().epoch(),
          restored.metadata().step(),
          split,
          result.loss(),
          result.accuracy(),
          result.examples());
      return 0;
    }
  }
}
