package org.nclab.runtime.plugins;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nclab.api.UserException;
import org.nclab.api.options.OptionSpec;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.util.FileUtils;

/**
 * Checks a plugin jar before it goes into a plugins folder, with the host's own checks plus a few
 * that only matter to the jar's author. In order, each needing the ones before it:
 *
 * <ol>
 *   <li>{@code jar}: what the host checks before loading ({@link PluginArchiveInspector}: a
 *       readable {@code .jar} or {@code .zip}, no class of a {@link HostPackages host package}, a
 *       manifest with Plugin-Id and Plugin-Version, a Plugin-Requires this nclab satisfies), and
 *       that Plugin-Requires is there at all: without it every future nclab would load the plugin.
 *   <li>{@code extensions}: the jar loaded alone in a child JVM with a time limit ({@link
 *       PluginScreen#fatalLoading}: exiting, halting or hanging there refuses it), then beside the
 *       core's built-ins here ({@link PluginTrial}), its extensions created, none taking a
 *       built-in's id, at least one provided.
 *   <li>{@code options}: each extension has a summary and documents every option it declares under
 *       a name of its own ({@link OptionDeclarations}).
 *   <li>{@code installed}, when a plugins folder is given and exists: no extension id that another
 *       installed plugin provides ({@link InstalledPlugins}).
 * </ol>
 *
 * <p>Verifying runs the plugin's code, exactly as loading it does.
 */
public final class PluginVerifier {

  private final String systemVersion;
  private final OptionDeclarations declarations;
  private final PluginScreen screen;

  /**
   * @param systemVersion the version Plugin-Requires is checked against: {@code NclabApi.VERSION}
   * @param reservedOptionNames the keys nclab reads itself in every table of a kind (a
   *     regularizer's {@code weight}); {@code id} is always reserved
   */
  public PluginVerifier(
      String systemVersion, Function<ExtensionKind, Set<String>> reservedOptionNames) {
    this(systemVersion, reservedOptionNames, PluginScreen.NONE);
  }

  /**
   * @param screen asked first whether loading the jar would end or hang the JVM (then the jar is
   *     refused without being loaded here), and what the plugins folder's jars must pass before
   *     they are loaded to compare
   */
  public PluginVerifier(
      String systemVersion,
      Function<ExtensionKind, Set<String>> reservedOptionNames,
      PluginScreen screen) {
    this.systemVersion = Objects.requireNonNull(systemVersion, "systemVersion");
    this.declarations = new OptionDeclarations(reservedOptionNames);
    this.screen = Objects.requireNonNull(screen, "screen");
  }

  /**
   * @param jar a plugin {@code .jar} or {@code .zip}
   * @param pluginsFolder the folder the jar would be installed into; {@code null} or absent to
   *     check the jar against the core alone
   * @throws UserException when {@code jar} is not a file
   */
  public PluginVerdict verify(Path jar, Path pluginsFolder) {
    if (!Files.isRegularFile(jar)) {
      throw UserException.of(
          "no plugin jar there", jar.toString(), "pass the path of a plugin's .jar or .zip file");
    }
    PluginVerdict verdict = PluginVerdict.of(jar).and(checkArchive(jar));
    if (!verdict.passed()) {
      return verdict;
    }
    Optional<String> fatal = screen.fatalLoading(jar);
    if (fatal.isPresent()) {
      return verdict.and(refused("extensions", jar, fatal.get()));
    }
    try (PluginTrial trial = PluginTrial.load(jar, systemVersion)) {
      verdict = verdict.and(checkExtensions(jar, trial));
      if (!verdict.passed()) {
        return verdict;
      }
      PluginInfo plugin = trial.plugin().orElseThrow();
      verdict = verdict.withPlugin(plugin).and(checkOptions(jar, trial.extensions()));
      if (verdict.passed()) {
        verdict = verdict.withListing(ListedExtension.of(trial.extensions()));
      }
      if (!verdict.passed() || pluginsFolder == null || !Files.isDirectory(pluginsFolder)) {
        return verdict;
      }
      InstalledPlugins installed = InstalledPlugins.read(pluginsFolder, systemVersion, screen);
      return verdict
          .withInstalled(installed.plugins())
          .and(checkInstalled(jar, plugin, trial.extensions(), installed, pluginsFolder));
    }
  }

  private PluginCheck checkArchive(Path jar) {
    if (!FileUtils.isZipOrJarFile(jar)) {
      return refused(
          "jar",
          jar,
          "its name does not end in .jar or .zip, so a plugins folder would ignore it; rename it");
    }
    PluginDescriptor descriptor;
    try {
      // The host's own check, with the version rules its plugin manager uses (PF4J's default).
      descriptor =
          new PluginArchiveInspector(systemVersion, new DefaultVersionManager()).inspect(jar);
    } catch (PluginRefusedException e) {
      return refused("jar", jar, e.reason());
    }
    String requires = descriptor.getRequires().trim();
    if (requires.isEmpty() || requires.equals("*")) {
      return refused(
          "jar",
          jar,
          "its manifest has no Plugin-Requires, so every nclab would load it, also one whose API it"
              + " was not built for; add Plugin-Requires: "
              + suggestedRequires()
              + " to the manifest (for a plugin compiled against nclab-api "
              + systemVersion
              + ")");
    }
    return PluginCheck.ok(
        "jar",
        "Plugin-Id '"
            + descriptor.getPluginId()
            + "', Plugin-Version "
            + descriptor.getVersion()
            + ", Plugin-Requires '"
            + requires
            + "' accepts nclab "
            + systemVersion
            + "; no class of a host package");
  }

  private static PluginCheck checkExtensions(Path jar, PluginTrial trial) {
    Optional<RefusedPlugin> refusal = trial.refusal();
    if (refusal.isPresent()) {
      return PluginCheck.refused("extensions", refusal.get());
    }
    List<ProvidedExtension> extensions = trial.extensions();
    if (extensions.isEmpty()) {
      return refused(
          "extensions",
          jar,
          "it provides no extension: its META-INF/extensions.idx lists no class that implements "
              + extensionPoints()
              + "; annotate the class with @org.pf4j.Extension and compile with pf4j on the class"
              + " path, whose annotation processor writes the index");
    }
    return PluginCheck.ok(
        "extensions",
        extensions.stream().map(ProvidedExtension::describe).collect(Collectors.joining(", "))
            + "; created beside nclab's built-ins, no id taken");
  }

  private PluginCheck checkOptions(Path jar, List<ProvidedExtension> extensions) {
    for (ProvidedExtension extension : extensions) {
      Optional<String> problem = declarations.problem(extension);
      if (problem.isPresent()) {
        return refused("options", jar, problem.get());
      }
    }
    return PluginCheck.ok(
        "options",
        extensions.stream().map(PluginVerifier::optionNames).collect(Collectors.joining("; "))
            + "; each documented");
  }

  private static String optionNames(ProvidedExtension extension) {
    List<String> names = extension.extension().options().stream().map(OptionSpec::name).toList();
    return extension.kind().table()
        + " '"
        + extension.id()
        + "': "
        + (names.isEmpty() ? "no options" : String.join(", ", names));
  }

  private static PluginCheck checkInstalled(
      Path jar,
      PluginInfo plugin,
      List<ProvidedExtension> extensions,
      InstalledPlugins installed,
      Path folder) {
    Optional<String> clash = installed.clash(plugin.id(), extensions);
    if (clash.isPresent()) {
      return refused("installed", jar, clash.get());
    }
    String replaces =
        installed.withId(plugin.id()).stream()
            .map(old -> "; replaces " + old.id() + " " + old.version() + " (" + old.jar() + ")")
            .collect(Collectors.joining());
    return PluginCheck.ok(
        "installed",
        "no id clash with the "
            + installed.plugins().size()
            + " plugin(s) in "
            + folder
            + replaces);
  }

  private static PluginCheck refused(String check, Path jar, String reason) {
    return PluginCheck.refused(check, new RefusedPlugin(jar, reason));
  }

  /**
   * {@code >=0.1.0 & <0.2.0} for nclab 0.1.0: the versions that keep this API under Semantic
   * Versioning, where a 0.x minor release, like any major one, may break it.
   */
  private String suggestedRequires() {
    String[] parts = systemVersion.split("[.-]");
    int major = Integer.parseInt(parts[0]);
    String nextBreaking =
        major == 0 ? "0." + (Integer.parseInt(parts[1]) + 1) + ".0" : (major + 1) + ".0.0";
    return ">=" + systemVersion + " & <" + nextBreaking;
  }

  private static String extensionPoints() {
    return Arrays.stream(ExtensionKind.values())
        .map(kind -> kind.type().getSimpleName())
        .collect(Collectors.joining(", "));
  }
}
