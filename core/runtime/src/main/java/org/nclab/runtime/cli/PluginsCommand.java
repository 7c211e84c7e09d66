package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nclab plugins}: what is installed ({@code list}, also what the bare command does), and the
 * way a third-party jar gets in ({@code verify}, then {@code install}).
 */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "List plugins (default), verify a plugin jar, or install one.",
    subcommands = {
      PluginsListCommand.class,
      PluginsVerifyCommand.class,
      PluginsInstallCommand.class
    })
final class PluginsCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Override
  public Integer call() {
    return PluginsListCommand.list(top);
  }

  /**
   * The folder plugins are installed in and checked against: {@code --plugins}, else the
   * distribution's {@code plugins/}; null when neither is known (nclab run outside bin/nclab). The
   * same choice as {@link NclabCommand#startPlugins}, which only loads from it.
   */
  Path pluginsFolder() {
    if (top.pluginsDir != null) {
      return top.pluginsDir;
    }
    String home = System.getProperty(NclabCommand.HOME_PROPERTY);
    return home == null ? null : Path.of(home, "plugins");
  }
}
