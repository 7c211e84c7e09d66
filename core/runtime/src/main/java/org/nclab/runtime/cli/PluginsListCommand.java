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
          host.plugins().stream()
              .mapToInt(p -> p.id().length() + 1 + p.version().length())
              .max()
              .orElse(0);
      for (PluginInfo plugin : host.plugins()) {
        top.out.printf(
            "  %-" + pluginWidth + "s  %s%n", plugin.id() + " " + plugin.version(), plugin.jar());
      }
      // Columns as wide as the longest id and provider of any kind, so long ids keep every row
      // aligned.
      int idWidth = 0;
      int providerWidth = 0;
      // From the plugins' checked listings: listing runs no plugin code in this JVM.
      for (ExtensionKind kind : ExtensionKind.values()) {
        for (PluginHost.Listing listed : host.listing(kind)) {
          idWidth = Math.max(idWidth, listed.id().length());
          providerWidth = Math.max(providerWidth, listed.provider().length());
        }
      }
      String row = "  %-" + Math.max(idWidth, 1) + "s  %-" + Math.max(providerWidth, 1) + "s  %s%n";
      for (ExtensionKind kind : ExtensionKind.values()) {
        top.out.println(kind.table() + ":");
        for (PluginHost.Listing listed : host.listing(kind)) {
          top.out.printf(row, listed.id(), listed.provider(), listed.summary());
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
