package org.nclab.runtime.plugins;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded plugin as {@code nclab plugins} shows it.
 *
 * @param id the manifest's {@code Plugin-Id}
 * @param version the manifest's {@code Plugin-Version}
 * @param requires the manifest's {@code Plugin-Requires} ({@code *} when absent)
 * @param provider the manifest's {@code Plugin-Provider} (empty when absent)
 * @param jar the archive in the plugins folder it was loaded from
 * @param extensionIds the ids it provides, sorted, for each kind it provides any of
 */
public record PluginInfo(
    String id,
    String version,
    String requires,
    String provider,
    Path jar,
    Map<ExtensionKind, List<String>> extensionIds) {

  public PluginInfo {
    // An EnumMap iterates in declaration order, so listings show datasets, models, regularizers.
    Map<ExtensionKind, List<String>> copy = new EnumMap<>(ExtensionKind.class);
    extensionIds.forEach((kind, ids) -> copy.put(kind, ids.stream().sorted().toList()));
    extensionIds = Collections.unmodifiableMap(copy);
  }
}
