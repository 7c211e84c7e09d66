package org.nclab.runtime.cli;

import java.util.concurrent.Callable;
import org.nclab.runtime.plugins.ExtensionKind;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.plugins.PluginInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Lists loaded plugins, every extension id by kind with its provider, and refused jars. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "List plugins and the extensions they provide.")
final class PluginsListCommand implements Callable<Integer> {
  @ParentCommand PluginsCommand plugins;

  @Override
  public Integer call() {
    return list(plugins.top);
  }

  static int list(NclabCommand top) {
    try (PluginHost host = top.startPlugins()) {
      top.out.println("plugins:");
      if (host.plugins().isEmpty()) {
        top.out.println("  (none loaded)");
      }
      int pluginWidth =
          host.plugins().stream().mapToInt(p -> p.id().length() + 1 + p.version().length()).max().orElse(0);
      for (PluginInfo plugin : host.plugins()) {
        top.out.printf("  %-" + pluginWidth + "s  %s%n", plugin.id() + " " + plugin.version(), plugin.jar());
      }
      // Columns as wide as the longest id and provider of any kind, so long ids keep every row aligned.
      int idWidth = 0;
      int providerWidth = 0;
      for (ExtensionKind kind : ExtensionKind.values()) {
        for (String id : host.ids(kind)) {
          idWidth = Math.max(idWidth, id.length());
          String provider = String.valueOf(host.providerOf(host.find(kind, id).orElseThrow()));
          providerWidth = Math.max(providerWidth, provider.length());
        }
      }
      String row = "  %-" + Math.max(idWidth, 1) + "s  %-" + Math.max(providerWidth, 1) + "s  %s%n";
      for (ExtensionKind kind : ExtensionKind.values()) {
        top.out.println(kind.table() + ":");
        for (String id : host.ids(kind)) {
          var extension = host.find(kind, id).orElseThrow();
          top.out.printf(row, id, host.providerOf(extension), extension.summary());
        }
      }
      if (!host.refused().isEmpty()) {
        top.out.println("refused:");
        host.refused().forEach(r -> top.out.println("  " + r.message()));
      }
      return 0;
    }
  }
}
