package org.nclab.runtime.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dataset FILE}: measure a trained run on another {@code [dataset]} table. */
final class DatasetOption {
  @Option(
      names = "--dataset",
      paramLabel = "FILE",
      description = "a TOML file whose [dataset] table replaces the run's (other data of the same image shape and class count)")
  Path file;
}
