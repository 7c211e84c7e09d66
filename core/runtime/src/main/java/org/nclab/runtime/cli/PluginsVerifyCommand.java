package org.nclab.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nclab.api.NclabApi;
import org.nclab.runtime.plugins.PluginInfo;
import org.nclab.runtime.plugins.PluginVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Checks a plugin jar as its author or a user about to install it would want: the manifest, the
 * bundled classes, its extensions loaded beside the built-ins, their options, and the installed
 * plugins. Exit code 0 when it passes, 2 when it is refused.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Check a plugin jar: manifest, bundled classes, extensions, options, clashes.")
final class PluginsVerifyCommand implements Callable<Integer> {
  @ParentCommand PluginsCommand plugins;

  @Parameters(index = "0", paramLabel = "JAR", description = "the plugin's .jar (or .zip)")
  Path jar;

  @Override
  public Integer call() {
    Path folder = plugins.pluginsFolder();
    var out = plugins.top.out;
    out.println("verifying " + jar + " for nclab " + NclabApi.VERSION + against(folder));
    PluginVerdict verdict = PluginVerdicts.verifier().verify(jar, folder);
    String passed =
        verdict.plugin().map(PluginsVerifyCommand::installHint).orElse("it can be installed");
    return PluginVerdicts.print(
        out, verdict, passed, "fix what the REFUSED line says, rebuild and verify again");
  }

  /** Says which plugins folder the jar is checked against, or why none. */
  private static String against(Path folder) {
    if (folder == null) {
      return " and its built-ins (no plugins folder known; name one with --plugins)";
    }
    if (!Files.isDirectory(folder)) {
      return " and its built-ins (" + folder + " is not a folder, so no installed plugins)";
    }
    return ", against " + folder;
  }

  private static String installHint(PluginInfo plugin) {
    return plugin.id()
        + " "
        + plugin.version()
        + " can be installed: nclab plugins install "
        + plugin.jar();
  }
}
