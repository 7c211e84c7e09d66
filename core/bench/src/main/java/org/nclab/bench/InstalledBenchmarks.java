package org.nclab.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import org.nclab.runtime.cli.Benchmarks;
import org.nclab.runtime.config.TransferConfig;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.Experiment;

/** The benchmarks of this module as {@code nclab bench} finds them (META-INF/services). */
public final class InstalledBenchmarks implements Benchmarks {

  @Override
  public String trainer(
      Experiment experiment,
      int steps,
      int rounds,
      int warmup,
      boolean handLoop,
      int profileSteps,
      PrintStream progress) {
    return new TrainerBenchmark(experiment, steps, rounds, warmup, handLoop, profileSteps)
        .run(progress)
        .table();
  }

  @Override
  public String metricsOverhead(
      Experiment experiment, int steps, int rounds, int warmup, PrintStream progress) {
    return new MetricsOverheadBenchmark(experiment, steps, rounds, warmup).run(progress).table();
  }

  @Override
  public String data(
      Experiment experiment,
      PluginHost host,
      Path folder,
      int images,
      int memoryMb,
      int steps,
      int rounds,
      int warmup,
      PrintStream progress) {
    return new DataBenchmark(experiment, host, folder, images, memoryMb, steps, rounds, warmup)
        .run(progress)
        .table();
  }

  @Override
  public String fineTuning(
      TransferConfig config, int steps, int rounds, int warmup, PrintStream progress) {
    return new FineTuningBenchmark(config, steps, rounds, warmup).run(progress).table();
  }
}
