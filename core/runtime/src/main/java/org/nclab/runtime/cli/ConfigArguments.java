package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.plugins.ExtensionCatalog;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The config file and its command-line overrides, shared by every command that reads a config. */
final class ConfigArguments {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment TOML file")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override a config value, e.g. --set train.epochs=5 (repeatable)")
  List<String> overrides = new ArrayList<>();

  RunConfig load(ExtensionCatalog catalog) {
    return new ConfigLoader().load(config, overrides, catalog);
  }
}
