package org.nclab.runtime.cli;

import java.util.concurrent.Callable;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.config.TransferConfig;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.PreRunChecks;
import org.nclab.runtime.train.Trainer;
import org.tensorflow.Graph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * Checks a config as far as it can without training: every config problem at once, then the dataset
 * opened (files present and well-formed), then every check {@code train} makes before its first
 * step ({@link PreRunChecks}: run name, output folder, device, model, probe taps), with warnings
 * about a legal but odd schedule.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Check a config, its data and its model without training.")
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;
  @Mixin ConfigArguments arguments;

  @Override
  public Integer call() {
    try (PluginHost host = top.startPlugins()) {
      ConfigLoader loader = new ConfigLoader();
      String what = "";
      RunConfig config;
      if (loader.isTransferConfig(arguments.config)) {
        TransferConfig transfer = loader.loadTransfer(arguments.config, arguments.overrides, host);
        config = transfer.downstream();
        what = "transfer from " + transfer.sourceRun() + " by " + transfer.methods() + ", ";
      } else {
        config = arguments.load(host);
      }
      Experiment experiment = Experiment.prepare(config);
      long parameters;
      if (what.isEmpty()) {
        // Exactly what train checks before its first step (PreRunChecks), nothing written.
        PreRunChecks.Report report = PreRunChecks.check(experiment);
        report.warnings().forEach(top.out::println);
        parameters = report.trainableParameters();
      } else {
        try (Graph graph = new Graph()) {
          TrainingGraph model = ModelAssembly.build(graph, experiment.spec());
          parameters = model.trainableParameters();
        }
      }
      var data = experiment.dataset();
      top.out.printf(
          "ok: %s: %sdataset %s (%d train / %d test, %s, %d classes), model %s (%,d trainable"
              + " parameters)%n",
          arguments.config,
          what,
          data.name(),
          data.split(Trainer.TRAIN_SPLIT).size(),
          data.split(Trainer.TEST_SPLIT).size(),
          data.shape(),
          data.numClasses(),
          experiment.config().model().id(),
          parameters);
      return 0;
    }
  }
}
