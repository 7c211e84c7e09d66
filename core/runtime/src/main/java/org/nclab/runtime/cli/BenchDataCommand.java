package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.Experiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "bench-data",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Measure the image pipeline on PNG files made from the config's training images: decoding"
            + " (cold and with the decoded cache), batching (streamed, in memory), and training the"
            + " config's model on streamed against in-memory data in alternating rounds; medians"
            + " and their ratio.")
final class BenchDataCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;
  @Mixin ConfigArguments arguments;

  @Option(
      names = "--folder",
      required = true,
      paramLabel = "DIR",
      description =
          "where the PNG files are written (reused when already there) with their decoded cache")
  Path folder;

  @Option(
      names = "--images",
      defaultValue = "50000",
      description = "PNG files to make (default ${DEFAULT-VALUE})")
  int images;

  @Option(
      names = "--memory-mb",
      defaultValue = "16",
      description =
          "image-folder's memory_mb: below the decoded size, so the split streams (default"
              + " ${DEFAULT-VALUE})")
  int memoryMb;

  @Option(
      names = "--steps",
      defaultValue = "100",
      description = "training steps per measured round (default ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "measured rounds of each (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description = "unmeasured steps of each first (default ${DEFAULT-VALUE})")
  int warmup;

  @Override
  public Integer call() {
    Benchmarks benchmarks = Benchmarks.installed();
    try (PluginHost host = top.startPlugins()) {
      Experiment experiment = Experiment.prepare(arguments.load(host));
      top.out.print(
          benchmarks.data(
              experiment, host, folder, images, memoryMb, steps, rounds, warmup, top.out));
      return 0;
    }
  }
}
