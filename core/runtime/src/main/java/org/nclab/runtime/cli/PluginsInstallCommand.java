package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nclab.api.UserException;
import org.nclab.runtime.plugins.PluginInstaller;
import org.nclab.runtime.plugins.PluginVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Verifies a plugin jar and copies it into the plugins folder ({@code --plugins}, else the
 * distribution's {@code plugins/}). Exit code 0 when installed, 2 when refused.
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Verify a plugin jar and copy it into the plugins folder.")
final class PluginsInstallCommand implements Callable<Integer> {
  @ParentCommand PluginsCommand plugins;

  @Parameters(index = "0", paramLabel = "JAR", description = "the plugin's .jar (or .zip)")
  Path jar;

  @Option(
      names = "--force",
      description =
          "replace an installed jar of the same Plugin-Id (or a broken file of the same name)")
  boolean force;

  @Override
  public Integer call() {
    Path folder = plugins.pluginsFolder();
    if (folder == null) {
      throw new UserException(
          "no plugins folder to install into (nclab was not started by bin/nclab, which names its"
              + " own); pass one with --plugins DIR");
    }
    var out = plugins.top.out;
    out.println("installing " + jar + " into " + folder);
    PluginVerdict verdict =
        new PluginInstaller(PluginVerdicts.verifier()).install(jar, folder, force);
    String passed =
        verdict
            .plugin()
            .map(p -> p.id() + " " + p.version() + " is installed; 'nclab plugins' lists it")
            .orElse("installed");
    return PluginVerdicts.print(out, verdict, passed, "nothing was installed");
  }
}
