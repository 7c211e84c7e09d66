package org.nclab.runtime.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The extensions a host loaded from one plugin, as the host's claims describe them. */
final class LoadedExtensions {

  private LoadedExtensions() {}

  /**
   * @param host a started host
   * @param plugin one of {@code host.plugins()}; its {@link PluginInfo#jar()} names the provider
   * @return the plugin's extensions by kind, then id, not created until asked for; valid while the
   *     host is open
   */
  static List<ProvidedExtension> of(PluginHost host, PluginInfo plugin) {
    Provider provider = Provider.plugin(plugin.id(), plugin.jar());
    List<ProvidedExtension> extensions = new ArrayList<>();
    for (Map.Entry<ExtensionKind, List<String>> kindIds : plugin.extensionIds().entrySet()) {
      ExtensionKind kind = kindIds.getKey();
      for (String id : kindIds.getValue()) {
        ProvidedExtension held = host.provided(kind, id).orElseThrow();
        extensions.add(
            new ProvidedExtension(
                kind, id, held.className(), held.source(), provider, held.listedSummary()));
      }
    }
    return extensions;
  }
}
