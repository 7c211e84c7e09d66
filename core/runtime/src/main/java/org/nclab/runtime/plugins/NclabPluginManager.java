package org.nclab.runtime.plugins;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.AbstractPluginManager;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultVersionManager;
import org.pf4j.DependencyResolver;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.IndexedExtensionFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.VersionManager;

/**
 * PF4J as nclab uses it: it loads only the paths {@link PluginHost} hands it (never scanning a
 * folder itself), describes plugins by their manifest, gives each a {@link HostFirstClassLoader},
 * finds extensions through {@code META-INF/extensions.idx} (the core's and the plugins' alike), and
 * keeps going when one plugin fails, remembering why so the host can say so.
 *
 * <p>It extends {@link AbstractPluginManager} rather than {@code DefaultPluginManager}, whose
 * extras (development mode, {@code enabled.txt}, unpacking zips as it loads, sorting by
 * modification time) would each be a second, silent way for plugins to come and go.
 */
final class NclabPluginManager extends AbstractPluginManager {

  private final Map<Path, PluginRuntimeException> loadFailures = new HashMap<>();
  private final Set<String> droppedForCycle = new HashSet<>();

  NclabPluginManager(String systemVersion) {
    super(List.of());
    setSystemVersion(systemVersion);
    // The default, THROW_EXCEPTION, would let one plugin's missing dependency stop all plugins.
    setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
  }

  /** Loads these plugin jars or unpacked zip folders, resolves their dependencies, starts them. */
  void loadAndStart(List<Path> pluginPaths) {
    for (Path path : pluginPaths) {
      try {
        loadPluginFromPath(path);
      } catch (PluginRuntimeException e) {
        loadFailures.put(path, e);
      }
    }
    resolveDroppingCycles();
    startPlugins();
  }

  /**
   * PF4J refuses to resolve anything while plugins' dependencies form a cycle, and does not say
   * which plugins form it. Dropping every plugin that declares dependencies breaks any cycle and
   * keeps the independent plugins working.
   */
  private void resolveDroppingCycles() {
    try {
      resolvePlugins();
    } catch (DependencyResolver.CyclicDependencyException e) {
      for (PluginWrapper plugin : getPlugins()) {
        if (!plugin.getDescriptor().getDependencies().isEmpty()) {
          droppedForCycle.add(plugin.getPluginId());
          unloadPlugin(plugin.getPluginId(), false, false);
        }
      }
      resolvePlugins();
    }
  }

  /**
   * Why the plugin loaded from {@code path} is not running, or empty when it is.
   *
   * @param descriptor what {@link PluginArchiveInspector} read from the plugin's manifest
   */
  Optional<String> whyNotStarted(Path path, PluginDescriptor descriptor) {
    PluginWrapper plugin = getPlugin(descriptor.getPluginId());
    if (plugin != null && plugin.getPluginState() == PluginState.STARTED) {
      return Optional.empty();
    }
    if (loadFailures.containsKey(path)) {
      return Optional.of(
          "PF4J could not load it ("
              + ExceptionText.describe(loadFailures.get(path))
              + "); rebuild the plugin or remove the jar");
    }
    if (droppedForCycle.contains(descriptor.getPluginId())) {
      return Optional.of(
          "the plugins' Plugin-Dependencies form a cycle, so every plugin that declares any was"
              + " refused (this one declares "
              + dependencyIds(descriptor)
              + "); break the cycle");
    }
    if (plugin == null && !descriptor.getDependencies().isEmpty()) {
      // IGNORE_PLUGIN_AND_CONTINUE unloads such a plugin without keeping a reason.
      return Optional.of(
          "it depends on "
              + dependencyIds(descriptor)
              + " (Plugin-Dependencies) and one of them"
              + " is missing, refused or of a version it does not accept; add or fix that plugin");
    }
    if (plugin == null) {
      return Optional.of(
          "PF4J did not keep it loaded and gave no reason; remove the jar and report this to"
              + " nclab's maintainers");
    }
    if (plugin.getPluginState() == PluginState.FAILED) {
      return Optional.of(
          "its Plugin-Class "
              + descriptor.getPluginClass()
              + " failed to start ("
              + ExceptionText.describe(plugin.getFailedException())
              + "); fix the plugin or"
              + " remove the jar");
    }
    return Optional.of(
        "PF4J left it "
            + plugin.getPluginState()
            + " instead of STARTED; remove the jar and"
            + " report this to nclab's maintainers");
  }

  private static List<String> dependencyIds(PluginDescriptor descriptor) {
    return descriptor.getDependencies().stream().map(PluginDependency::getPluginId).toList();
  }

  @Override
  protected List<Path> createPluginsRoot() {
    // With no roots PF4J would fall back to ./plugins or -Dpf4j.pluginsDir; nclab passes paths in.
    return List.of();
  }

  @Override
  protected PluginRepository createPluginRepository() {
    return new NoPluginRepository();
  }

  @Override
  protected PluginFactory createPluginFactory() {
    return new DefaultPluginFactory();
  }

  @Override
  protected ExtensionFactory createExtensionFactory() {
    return new ReportingExtensionFactory();
  }

  @Override
  protected PluginDescriptorFinder createPluginDescriptorFinder() {
    // The manifest only: it is what PluginArchiveInspector checked.
    return new ManifestPluginDescriptorFinder();
  }

  @Override
  protected ExtensionFinder createExtensionFinder() {
    IndexedExtensionFinder finder = new IndexedExtensionFinder(this);
    addPluginStateListener(finder); // it caches the index per plugin and must forget unloaded ones
    return finder;
  }

  @Override
  protected PluginStatusProvider createPluginStatusProvider() {
    return new AllPluginsEnabled();
  }

  @Override
  protected PluginLoader createPluginLoader() {
    return new HostFirstPluginLoader(this);
  }

  @Override
  protected VersionManager createVersionManager() {
    return new DefaultVersionManager();
  }

  /** PF4J lists no plugins of its own: the host decides which paths it loads. */
  private static final class NoPluginRepository implements PluginRepository {
    @Override
    public List<Path> getPluginPaths() {
      return List.of();
    }

    @Override
    public boolean deletePluginPath(Path pluginPath) {
      return false; // nclab never deletes a user's plugin
    }
  }

  /** A plugin is enabled by being in the plugins folder; there is no enabled.txt/disabled.txt. */
  private static final class AllPluginsEnabled implements PluginStatusProvider {
    @Override
    public boolean isPluginDisabled(String pluginId) {
      return false;
    }

    @Override
    public void disablePlugin(String pluginId) {
      // nothing is persisted: removing the jar is how a user disables a plugin
    }

    @Override
    public void enablePlugin(String pluginId) {
      // as above
    }
  }
}
