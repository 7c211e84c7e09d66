package org.nclab.runtime.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link PluginVerifier} (and {@link PluginInstaller}) found out about one plugin jar.
 *
 * @param jar the jar as the user named it
 * @param checks the checks in the order they ran; the first refusal ends the list, because every
 *     check needs what the ones before it established (no extensions without a loadable jar)
 * @param plugin the plugin as the host loaded it beside the core, once its jar and extensions
 *     passed; its {@link PluginInfo#jar()} is {@code jar}
 * @param installed the plugins loaded from the plugins folder the jar was checked against; empty
 *     when there was none
 */
public record PluginVerdict(
    Path jar, List<PluginCheck> checks, Optional<PluginInfo> plugin, List<PluginInfo> installed) {

  public PluginVerdict {
    checks = List.copyOf(checks);
    installed = List.copyOf(installed);
  }

  static PluginVerdict of(Path jar) {
    return new PluginVerdict(jar, List.of(), Optional.empty(), List.of());
  }

  /** True when every check passed: the jar can be dropped into the plugins folder. */
  public boolean passed() {
    return checks.stream().allMatch(PluginCheck::passed);
  }

  PluginVerdict and(PluginCheck check) {
    List<PluginCheck> more = new ArrayList<>(checks);
    more.add(check);
    return new PluginVerdict(jar, more, plugin, installed);
  }

  PluginVerdict withPlugin(PluginInfo loaded) {
    return new PluginVerdict(jar, checks, Optional.of(loaded), installed);
  }

  PluginVerdict withInstalled(List<PluginInfo> folderPlugins) {
    return new PluginVerdict(jar, checks, plugin, folderPlugins);
  }
}
