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
 * @param listing the extensions the check created, once they passed: what a host may list and claim
 *     for this jar without creating them
 */
public record PluginVerdict(
    Path jar,
    List<PluginCheck> checks,
    Optional<PluginInfo> plugin,
    List<PluginInfo> installed,
    List<ListedExtension> listing) {

  public PluginVerdict {
    checks = List.copyOf(checks);
    installed = List.copyOf(installed);
    listing = List.copyOf(listing);
  }

  static PluginVerdict of(Path jar) {
    return new PluginVerdict(jar, List.of(), Optional.empty(), List.of(), List.of());
  }

  /** True when every check passed: the jar can be dropped into the plugins folder. */
  public boolean passed() {
    return checks.stream().allMatch(PluginCheck::passed);
  }

  PluginVerdict and(PluginCheck check) {
    List<PluginCheck> more = new ArrayList<>(checks);
    more.add(check);
    return new PluginVerdict(jar, more, plugin, installed, listing);
  }

  PluginVerdict withPlugin(PluginInfo loaded) {
    return new PluginVerdict(jar, checks, Optional.of(loaded), installed, listing);
  }

  PluginVerdict withInstalled(List<PluginInfo> folderPlugins) {
    return new PluginVerdict(jar, checks, plugin, folderPlugins, listing);
  }

  PluginVerdict withListing(List<ListedExtension> extensions) {
    return new PluginVerdict(jar, checks, plugin, installed, extensions);
  }
}
