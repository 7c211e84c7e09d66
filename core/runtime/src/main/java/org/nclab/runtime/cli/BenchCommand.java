package org.nclab.runtime.cli;

import java.util.concurrent.Callable;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.TransferConfig;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.Replicas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Measure training throughput of the nclab trainer against a minimal hand-written TensorFlow"
            + " loop on the same graph, alternating the two, and print medians and their ratio.")
final class BenchCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;
  @Mixin ConfigArguments arguments;

  @Option(
      names = "--steps",
      defaultValue = "100",
      description = "training steps per measured round (default ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "measured rounds of each loop (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description = "unmeasured steps of each loop first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--metrics",
      description =
          "instead: training with only metrics.jsonl against every registry on (Prometheus scraped"
              + " each second, JMX, logging, TensorBoard), alternated; medians and their ratio")
  boolean metrics;

  @Option(
      names = "--transfer",
      description =
          "instead: CONFIG is a transfer config; time fine-tuning steps of full, layer, scl concat"
              + " and scl bypass on its downstream data, alternated; medians and their ratios")
  boolean transfer;

  @Option(
      names = "--hand-loop",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "alternate with the hand-written loop (--no-hand-loop: time the trainer alone)")
  boolean handLoop;

  @Option(
      names = "--profile",
      defaultValue = "3",
      description =
          "after the rounds, trace N steps with TensorFlow and print the time per op type, the ops"
              + " per step and the share of the step outside kernels (default ${DEFAULT-VALUE}; 0:"
              + " none)")
  int profile;

  @Override
  public Integer call() {
    Benchmarks benchmarks = Benchmarks.installed();
    try (PluginHost host = top.startPlugins()) {
      if (transfer) {
        TransferConfig config =
            new ConfigLoader().loadTransfer(arguments.config, arguments.overrides, host);
        top.out.print(benchmarks.fineTuning(config, steps, rounds, warmup, top.out));
        return 0;
      }
      Experiment experiment = Experiment.prepare(arguments.load(host));
      Replicas.resolve(
          experiment.config()); // more replicas than devices: refused, not measured as one
      if (metrics) {
        top.out.print(benchmarks.metricsOverhead(experiment, steps, rounds, warmup, top.out));
        return 0;
      }
      top.out.print(
          benchmarks.trainer(experiment, steps, rounds, warmup, handLoop, profile, top.out));
      return 0;
    }
  }
}
