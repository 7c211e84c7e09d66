package org.nclab.runtime.plugins;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a plugins folder holds, as the host loads it: the plugins in use and who provides each
 * extension id. A snapshot taken with a host that is closed again, so it keeps names, never
 * extension instances.
 */
final class InstalledPlugins {

  /** Who provides an extension id in the folder. */
  private record Holder(PluginInfo plugin, String className) {}

  private final List<PluginInfo> plugins;
  private final Map<ExtensionKind, Map<String, Holder>> holders;

  private InstalledPlugins(
      List<PluginInfo> plugins, Map<ExtensionKind, Map<String, Holder>> holders) {
    this.plugins = plugins;
    this.holders = holders;
  }

  /** Loads the folder's plugins (as {@code nclab plugins} would) and notes what they provide. */
  static InstalledPlugins read(Path folder, String systemVersion, PluginScreen screen) {
    try (PluginHost host = PluginHost.start(folder, systemVersion, screen)) {
      Map<ExtensionKind, Map<String, Holder>> holders = new EnumMap<>(ExtensionKind.class);
      for (PluginInfo plugin : host.plugins()) {
        for (ProvidedExtension extension : LoadedExtensions.of(host, plugin)) {
          holders
              .computeIfAbsent(extension.kind(), kind -> new HashMap<>())
              .put(
                  extension.id(), new Holder(plugin, extension.className())); // not created: listed
        }
      }
      return new InstalledPlugins(host.plugins(), holders);
    }
  }

  List<PluginInfo> plugins() {
    return plugins;
  }

  /** The installed plugins with this Plugin-Id: the ones a new jar of that id replaces. */
  List<PluginInfo> withId(String pluginId) {
    return plugins.stream().filter(plugin -> plugin.id().equals(pluginId)).toList();
  }

  /**
   * Why a new plugin's extensions cannot join the folder: one of them takes an id that another
   * installed plugin provides. Ids of an installed plugin with the new plugin's own id do not
   * count, because installing replaces that plugin.
   */
  Optional<String> clash(String pluginId, List<ProvidedExtension> extensions) {
    for (ProvidedExtension extension : extensions) {
      Holder holder = holders.getOrDefault(extension.kind(), Map.of()).get(extension.id());
      if (holder != null && !holder.plugin().id().equals(pluginId)) {
        return Optional.of(
            "its "
                + extension.describe()
                + " is also provided by installed plugin '"
                + holder.plugin().id()
                + "' ("
                + holder.plugin().jar()
                + ", class "
                + holder.className()
                + "); only one of the two would load, so change the extension's id()");
      }
    }
    return Optional.empty();
  }
}
