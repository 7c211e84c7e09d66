package org.nclab.runtime.plugins;

import com.google.common.base.VerifyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nclab.api.Extension;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;

/**
 * The extensions this process can use: the core's built-ins and those of every plugin in the
 * plugins folder that passes nclab's checks.
 *
 * <p>{@link #start} does everything at once and never fails because of one plugin. A plugin that
 * cannot be used is listed in {@link #refused()} with a one-line reason (the CLI prints them as
 * warnings) and the others work as if its jar were not there. A plugin is refused when its archive
 * is not a zip; bundles a class of a {@link HostPackages host package}; has no manifest, {@code
 * Plugin-Id} or {@code Plugin-Version}; needs another nclab ({@code Plugin-Requires}); repeats a
 * {@code Plugin-Id}; offers a kind and id that is taken (built-ins always keep theirs; of two
 * plugins the one whose jar is older in the folder does, and when both are as old, neither); or has
 * an extension that does not load, cannot be created or has no valid id. Before all of this, a
 * {@link PluginScreen} may refuse archives without loading them.
 *
 * <p>Built-ins register exactly like plugins: a class on the application class path annotated
 * {@code @org.pf4j.Extension} and listed in its {@code META-INF/extensions.idx} (PF4J's annotation
 * processor writes the index when the class is compiled).
 *
 * <pre>{@code
 * try (PluginHost host = PluginHost.start(Path.of("plugins"), NclabApi.VERSION)) {
 *   host.refused().forEach(refusal -> System.err.println("warning: " + refusal.message()));
 *   Regularizer loss = host.require(Regularizer.class, "cross-entropy");
 *   ...
 * }
 * }</pre>
 *
 * <p>Safe to read from many threads once started. Closing stops and unloads the plugins; their
 * extensions must not be used afterwards.
 */
public final class PluginHost implements ExtensionCatalog, AutoCloseable {

  private final NclabPluginManager manager;
  private final ExtensionRegistry registry;
  private final List<PluginInfo> plugins;
  private final List<RefusedPlugin> refused;

  private PluginHost(
      NclabPluginManager manager,
      ExtensionRegistry registry,
      List<PluginInfo> plugins,
      List<RefusedPlugin> refused) {
    this.manager = manager;
    this.registry = registry;
    this.plugins = List.copyOf(plugins);
    this.refused = List.copyOf(refused);
  }

  /**
   * Loads the built-ins and every usable plugin in this JVM, unscreened: a plugin that exits or
   * blocks while loading takes this JVM with it. For the checker's child JVM and for tests; the CLI
   * screens first ({@link IsolatedPluginScreen}).
   *
   * @param pluginsDir the folder of plugin jars and zips; {@code null} or absent for the core only
   * @param systemVersion the version {@code Plugin-Requires} is checked against: {@code
   *     NclabApi.VERSION} in production
   * @throws org.nclab.api.UserException when {@code pluginsDir} is a file or cannot be listed
   */
  public static PluginHost start(Path pluginsDir, String systemVersion) {
    return start(pluginsDir, systemVersion, PluginScreen.NONE);
  }

  /**
   * Loads the built-ins and every plugin that {@code screen} lets through and that passes the
   * host's own checks; the screen's refusals are listed in {@link #refused()} like the host's. A
   * plugin the screen lists extensions for ({@link PluginScreen#screen}) is listed and claimed from
   * that listing, and each of its extensions is created only when {@link #find} first returns it,
   * so a command runs no constructor of an extension it does not use (PF4J still creates and starts
   * a {@code Plugin-Class}, if the plugin has one).
   */
  public static PluginHost start(Path pluginsDir, String systemVersion, PluginScreen screen) {
    Objects.requireNonNull(systemVersion, "systemVersion");
    NclabPluginManager manager = new NclabPluginManager(systemVersion);
    requireVersion(manager, systemVersion);
    List<Path> archives = PluginFolder.archives(pluginsDir);
    PluginScreen.Screening screening = screen.screen(archives);
    Map<Path, String> screened = screening.refusals();
    List<Path> admitted = archives.stream().filter(a -> !screened.containsKey(a)).toList();
    try {
      PluginHost host = load(manager, admitted, systemVersion, screening.listings());
      if (screened.isEmpty()) {
        return host;
      }
      List<RefusedPlugin> refused = new ArrayList<>(host.refused);
      screened.forEach((archive, reason) -> refused.add(new RefusedPlugin(archive, reason)));
      refused.sort(Comparator.comparing(refusal -> refusal.jar().getFileName().toString()));
      return new PluginHost(host.manager, host.registry, host.plugins, refused);
    } catch (RuntimeException e) {
      manager.unloadPlugins(); // leave no plugin class loader open behind a failed start
      throw e;
    }
  }

  private static PluginHost load(
      NclabPluginManager manager,
      List<Path> archives,
      String systemVersion,
      Map<Path, List<ListedExtension>> listings) {
    List<RefusedPlugin> refused = new ArrayList<>();
    List<AcceptedPlugin> accepted =
        accept(
            archives,
            new PluginArchiveInspector(systemVersion, manager.getVersionManager()),
            refused);
    manager.loadAndStart(accepted.stream().map(AcceptedPlugin::loadPath).toList());

    ExtensionCollector collector = new ExtensionCollector(manager.getExtensionFactory());
    ExtensionClaims claims = new ExtensionClaims();
    List<ProvidedExtension> all = new ArrayList<>(claimBuiltIns(manager, collector, claims));
    Map<AcceptedPlugin, List<ProvidedExtension>> running =
        claimPluginExtensions(accepted, manager, collector, claims, refused, listings);
    running.values().forEach(all::addAll);

    List<PluginInfo> infos =
        running.entrySet().stream()
            .map(entry -> info(entry.getKey(), entry.getValue()))
            .sorted(Comparator.comparing(PluginInfo::id))
            .toList();
    refused.sort(Comparator.comparing(refusal -> refusal.jar().getFileName().toString()));
    return new PluginHost(manager, new ExtensionRegistry(all), infos, refused);
  }

  /** The core's built-ins, claimed first so that they keep their ids. */
  private static List<ProvidedExtension> claimBuiltIns(
      NclabPluginManager manager, ExtensionCollector collector, ExtensionClaims claims) {
    List<ProvidedExtension> builtIns =
        collector.builtIns(manager.getExtensionClassNames(null), HostFirstClassLoader.hostLoader());
    Optional<String> clash = claims.clash(builtIns);
    if (clash.isPresent()) {
      throw new VerifyException("nclab's built-in extensions clash: " + clash.get());
    }
    claims.claim(builtIns);
    return builtIns;
  }

  private static void requireVersion(NclabPluginManager manager, String systemVersion) {
    try {
      manager.getVersionManager().checkVersionConstraint(systemVersion, ">=0.0.0");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "systemVersion '" + systemVersion + "' is not a SemVer version like 0.1.0", e);
    }
  }

  /**
   * The archives that pass {@link PluginArchiveInspector} and carry a plugin id no earlier archive
   * has, in name order, with zips unpacked.
   */
  private static List<AcceptedPlugin> accept(
      List<Path> archives, PluginArchiveInspector inspector, List<RefusedPlugin> refused) {
    Map<String, AcceptedPlugin> byId = new LinkedHashMap<>();
    for (Path archive : archives) {
      try {
        PluginDescriptor descriptor = inspector.inspect(archive);
        AcceptedPlugin first = byId.get(descriptor.getPluginId());
        if (first != null) {
          throw new PluginRefusedException(
              "its Plugin-Id '"
                  + descriptor.getPluginId()
                  + "' is already used by "
                  + first.archive()
                  + ", which is loaded instead because it sorts first; remove"
                  + " one of the two jars");
        }
        byId.put(
            descriptor.getPluginId(),
            new AcceptedPlugin(archive, PluginFolder.unpackIfZip(archive), descriptor));
      } catch (PluginRefusedException e) {
        refused.add(new RefusedPlugin(archive, e.reason()));
      }
    }
    return List.copyOf(byId.values());
  }

  /**
   * Each started plugin's extensions, claimed in jar-name order; refused plugins are unloaded, and
   * so are the plugins that depend on them.
   */
  private static Map<AcceptedPlugin, List<ProvidedExtension>> claimPluginExtensions(
      List<AcceptedPlugin> accepted,
      NclabPluginManager manager,
      ExtensionCollector collector,
      ExtensionClaims claims,
      List<RefusedPlugin> refused,
      Map<Path, List<ListedExtension>> listings) {
    Map<AcceptedPlugin, List<ProvidedExtension>> running = new LinkedHashMap<>();
    Set<String> refusedIds = new HashSet<>();
    Map<AcceptedPlugin, Object> offered = new LinkedHashMap<>();
    for (AcceptedPlugin plugin : accepted) {
      try {
        offered.put(
            plugin, extensionsOf(plugin, manager, collector, listings.get(plugin.archive())));
      } catch (PluginRefusedException e) {
        offered.put(plugin, e);
      }
    }
    Map<AcceptedPlugin, String> tied =
        ExtensionClaims.tiedClashes(extensionLists(offered), AcceptedPlugin::installed);
    List<AcceptedPlugin> byAge = new ArrayList<>(accepted);
    byAge.sort(Comparator.comparing(AcceptedPlugin::installed)); // stable: name order among equals
    for (AcceptedPlugin plugin : byAge) {
      try {
        if (offered.get(plugin) instanceof PluginRefusedException e) {
          throw e;
        }
        if (tied.containsKey(plugin)) {
          throw new PluginRefusedException(tied.get(plugin));
        }
        @SuppressWarnings("unchecked")
        List<ProvidedExtension> extensions = (List<ProvidedExtension>) offered.get(plugin);
        Optional<String> clash = claims.clash(extensions);
        if (clash.isPresent()) {
          throw new PluginRefusedException(clash.get());
        }
        claims.claim(extensions);
        running.put(plugin, extensions);
      } catch (PluginRefusedException e) {
        refused.add(new RefusedPlugin(plugin.archive(), e.reason()));
        refusedIds.add(plugin.id());
        if (manager.getPlugin(plugin.id()) != null) {
          manager.unloadPlugin(plugin.id()); // PF4J unloads the plugins that depend on it too
        }
      }
    }
    running
        .keySet()
        .removeIf(
            plugin -> {
              if (manager.getPlugin(plugin.id()) != null) {
                return false;
              }
              refused.add(
                  new RefusedPlugin(plugin.archive(), dependsOnRefused(plugin, refusedIds)));
              return true;
            });
    return running;
  }

  private static Map<AcceptedPlugin, List<ProvidedExtension>> extensionLists(
      Map<AcceptedPlugin, Object> offered) {
    Map<AcceptedPlugin, List<ProvidedExtension>> lists = new LinkedHashMap<>();
    offered.forEach(
        (plugin, extensions) -> {
          if (extensions instanceof List<?> list) {
            lists.put(plugin, list.stream().map(ProvidedExtension.class::cast).toList());
          }
        });
    return lists;
  }

  /**
   * @param listing what the plugin's check listed, so nothing of it is created until used; null to
   *     create every extension now
   */
  private static List<ProvidedExtension> extensionsOf(
      AcceptedPlugin plugin,
      NclabPluginManager manager,
      ExtensionCollector collector,
      List<ListedExtension> listing)
      throws PluginRefusedException {
    Optional<String> notStarted = manager.whyNotStarted(plugin.loadPath(), plugin.descriptor());
    if (notStarted.isPresent()) {
      throw new PluginRefusedException(notStarted.get());
    }
    PluginWrapper wrapper = manager.getPlugin(plugin.id());
    if (listing != null) {
      return collector.listed(
          listing, wrapper.getPluginClassLoader(), Provider.plugin(plugin.id(), plugin.archive()));
    }
    return collector.fromPlugin(
        manager.getExtensionClassNames(plugin.id()),
        wrapper.getPluginClassLoader(),
        Provider.plugin(plugin.id(), plugin.archive()));
  }

  private static String dependsOnRefused(AcceptedPlugin plugin, Set<String> refusedIds) {
    List<String> refusedDependencies =
        plugin.descriptor().getDependencies().stream()
            .map(PluginDependency::getPluginId)
            .filter(refusedIds::contains)
            .toList();
    return "it depends on "
        + refusedDependencies
        + " (Plugin-Dependencies), which was refused,"
        + " and was unloaded with it; fix that plugin first";
  }

  private static PluginInfo info(AcceptedPlugin plugin, List<ProvidedExtension> extensions) {
    Map<ExtensionKind, List<String>> ids = new EnumMap<>(ExtensionKind.class);
    for (ProvidedExtension extension : extensions) {
      ids.computeIfAbsent(extension.kind(), kind -> new ArrayList<>()).add(extension.id());
    }
    PluginDescriptor descriptor = plugin.descriptor();
    return new PluginInfo(
        descriptor.getPluginId(),
        descriptor.getVersion(),
        descriptor.getRequires(),
        Objects.requireNonNullElse(descriptor.getProvider(), ""),
        plugin.archive(),
        ids);
  }

  @Override
  public Optional<Extension> find(ExtensionKind kind, String id) {
    return registry.find(kind, id);
  }

  /** The extension under this kind and id as claimed, without creating it. */
  Optional<ProvidedExtension> provided(ExtensionKind kind, String id) {
    return registry.provided(kind).stream().filter(e -> e.id().equals(id)).findFirst();
  }

  @Override
  public List<String> ids(ExtensionKind kind) {
    return registry.ids(kind);
  }

  @Override
  public String providerOf(Extension extension) {
    return registry.providerOf(extension);
  }

  /**
   * This kind's extensions by id with their provider and summary, for {@code nclab plugins}: listed
   * plugin extensions are not created for it.
   */
  public List<Listing> listing(ExtensionKind kind) {
    return registry.provided(kind).stream()
        .map(e -> new Listing(e.id(), e.provider().id(), e.summary()))
        .toList();
  }

  /** One row of {@link #listing}. */
  public record Listing(String id, String provider, String summary) {}

  /** The plugins in use, by id, for {@code nclab plugins}. */
  public List<PluginInfo> plugins() {
    return plugins;
  }

  /** The archives in the plugins folder that are not in use, by file name, each with why. */
  public List<RefusedPlugin> refused() {
    return refused;
  }

  /** Stops and unloads every plugin and closes their class loaders. */
  @Override
  public void close() {
    // Unloading stops each plugin first. PF4J 3.15.0's stopPlugins() itself throws
    // ConcurrentModificationException as soon as one plugin is started (pf4j/pf4j#656).
    manager.unloadPlugins();
  }

  /**
   * An archive that passed inspection.
   *
   * @param archive the jar or zip in the plugins folder
   * @param loadPath what PF4J loads: the jar, or the folder the zip was unpacked into
   */
  private record AcceptedPlugin(Path archive, Path loadPath, PluginDescriptor descriptor) {
    String id() {
      return descriptor.getPluginId();
    }

    /**
     * When the archive was put into the folder, as its modification time says: of two plugins
     * offering one id the older keeps it, so a jar dropped in later cannot take over an id by its
     * file name sorting first.
     */
    FileTime installed() {
      try {
        return Files.getLastModifiedTime(archive);
      } catch (IOException e) {
        return FileTime.fromMillis(Long.MAX_VALUE);
      }
    }
  }
}
