package org.nclab.runtime.cli;

import java.util.concurrent.Callable;
import org.nclab.runtime.plugins.ExtensionKind;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.plugins.PluginInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Lists loaded plugins, every extension id by kind with its provider, and refused jars. */
@Command(name = "list", description = "List plugins and the extensions they provide.")
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
      for (PluginInfo plugin : host.plugins()) {
        top.out.printf("  %s %s  %s%n", plugin.id(), plugin.version(), plugin.jar());
      }
      for (ExtensionKind kind : ExtensionKind.values()) {
        top.out.println(kind.table() + ":");
        for (String id : host.ids(kind)) {
          var extension = host.find(kind, id).orElseThrow();
          top.out.printf("  %-22s %-10s %s%n", id, host.providerOf(extension), extension.summary());
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
