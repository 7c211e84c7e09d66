package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.runtime.data.DatasetSource;
import org.nclab.runtime.data.DatasetSummary;
import org.nclab.runtime.data.SampleGrid;
import org.nclab.runtime.plugins.PluginHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Open a config's [dataset] (or a data folder: CIFAR, IDX or a folder of class folders) and"
            + " print its shape, images per class and split, value statistics per channel, and"
            + " write a sample grid PNG.")
final class DataDescribeCommand implements Callable<Integer> {
  @ParentCommand DataCommand data;

  @Parameters(
      index = "0",
      paramLabel = "CONFIG_OR_PATH",
      description = "experiment TOML file or data folder")
  Path source;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "for a config: override a value (dataset.height=28); for a folder: a dataset option"
              + " (height=28)")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--grid",
      paramLabel = "PNG",
      description = "where the sample grid goes (default: <dataset name>-samples.png)")
  Path grid;

  @Option(
      names = "--split",
      defaultValue = "train",
      description = "split the grid shows (default ${DEFAULT-VALUE})")
  String split;

  @Option(
      names = "--per-class",
      defaultValue = "8",
      description = "images per class in the grid (default ${DEFAULT-VALUE})")
  int perClass;

  @Option(
      names = "--max-classes",
      defaultValue = "20",
      description = "classes (rows) in the grid at most (default ${DEFAULT-VALUE})")
  int maxClasses;

  @Option(
      names = "--stats-images",
      defaultValue = "10000",
      description = "images per split for the statistics (default ${DEFAULT-VALUE})")
  int statsImages;

  @Override
  public Integer call() {
    if (perClass < 1 || maxClasses < 1 || statsImages < 1) {
      throw new UserException("--per-class, --max-classes and --stats-images must be at least 1");
    }
    try (PluginHost host = data.top.startPlugins()) {
      Dataset dataset = DatasetSource.open(source, overrides, host);
      data.top.out.print(DatasetSummary.of(dataset, statsImages).text());
      Path png =
          grid != null
              ? grid
              : Path.of(dataset.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-samples.png");
      int placed = SampleGrid.write(dataset, split, perClass, maxClasses, png);
      data.top.out.printf(
          "%nsample grid: %s (%d %s images, one row per class, %d per row at most)%n",
          png, placed, split, perClass);
      return 0;
    }
  }
}
