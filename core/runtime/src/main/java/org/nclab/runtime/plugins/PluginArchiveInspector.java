package org.nclab.runtime.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.nclab.runtime.plugins.BundledHostClassScanner.BundledHostClass;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.VersionManager;
import org.pf4j.util.FileUtils;
import org.pf4j.util.StringUtils;

/**
 * Reads a plugin archive before PF4J does, and refuses it if PF4J should never see it: not a zip,
 * bundling a host package, no usable manifest, or a {@code Plugin-Requires} this nclab does not
 * satisfy. Refusing here keeps PF4J from loading classes out of a bad jar and from logging its own
 * version of problems that nclab reports in one line.
 *
 * <p>The manifest is parsed by PF4J's own {@link ManifestPluginDescriptorFinder}, so what is
 * checked here is exactly what PF4J will read later.
 */
final class PluginArchiveInspector {

  private static final String JAR_MANIFEST = "META-INF/MANIFEST.MF";

  /** Where PF4J reads the manifest of a plugin zip (see ManifestPluginDescriptorFinder). */
  private static final String ZIP_MANIFEST = "classes/" + JAR_MANIFEST;

  private final String systemVersion;
  private final VersionManager versions;

  PluginArchiveInspector(String systemVersion, VersionManager versions) {
    this.systemVersion = systemVersion;
    this.versions = versions;
  }

  /** The plugin's descriptor, or why the archive cannot be a plugin here. */
  PluginDescriptor inspect(Path archive) throws PluginRefusedException {
    boolean zipLayout = FileUtils.isZipFile(archive);
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      refuseBundledHostClasses(zip, zipLayout);
      PluginDescriptor descriptor = readDescriptor(zip, zipLayout ? ZIP_MANIFEST : JAR_MANIFEST);
      refuseUnsatisfiedRequires(descriptor);
      return descriptor;
    } catch (ZipException e) {
      throw new PluginRefusedException(
          "it is not a readable zip archive ("
              + ExceptionText.describe(e)
              + "); replace it with a"
              + " freshly built or downloaded copy of the plugin");
    } catch (IOException e) {
      throw new PluginRefusedException(
          "it cannot be read ("
              + ExceptionText.describe(e)
              + "); check that the file is complete"
              + " and readable by this user");
    }
  }

  private static void refuseBundledHostClasses(ZipFile zip, boolean zipLayout)
      throws IOException, PluginRefusedException {
    Optional<BundledHostClass> bundled = BundledHostClassScanner.firstIn(zip, zipLayout);
    if (bundled.isPresent()) {
      String hostPackage = bundled.get().hostPackage();
      throw new PluginRefusedException(
          "it bundles "
              + bundled.get().entry()
              + " from package "
              + hostPackage
              + ", which the nclab host provides (a second copy breaks objects passed between host"
              + " and plugin); declare the dependency that brings "
              + hostPackage
              + " with"
              + " <scope>provided</scope> in the plugin's pom and rebuild the jar");
    }
  }

  private static PluginDescriptor readDescriptor(ZipFile zip, String manifestPath)
      throws IOException, PluginRefusedException {
    ZipEntry entry = zip.getEntry(manifestPath);
    if (entry == null) {
      throw new PluginRefusedException(
          "it has no "
              + manifestPath
              + ", so it names no Plugin-Id or Plugin-Version; build it"
              + " with a manifest that has both (maven-jar-plugin's <manifestEntries>)");
    }
    PluginDescriptor descriptor = new ManifestParser().parse(readManifest(zip, entry));
    Map<String, String> missing = new LinkedHashMap<>(); // attribute -> an example value
    if (StringUtils.isNullOrEmpty(descriptor.getPluginId())) {
      missing.put(ManifestPluginDescriptorFinder.PLUGIN_ID, "my-plugin");
    }
    if (StringUtils.isNullOrEmpty(descriptor.getVersion())) {
      missing.put(ManifestPluginDescriptorFinder.PLUGIN_VERSION, "1.0.0");
    }
    if (!missing.isEmpty()) {
      String lines =
          missing.entrySet().stream()
              .map(attribute -> attribute.getKey() + ": " + attribute.getValue())
              .collect(Collectors.joining(" and "));
      throw new PluginRefusedException(
          "its "
              + manifestPath
              + " has no "
              + String.join(" and no ", missing.keySet())
              + "; add "
              + lines
              + " (with the plugin's own values) to the manifest");
    }
    return descriptor;
  }

  private static Manifest readManifest(ZipFile zip, ZipEntry entry)
      throws IOException, PluginRefusedException {
    try (InputStream in = zip.getInputStream(entry)) {
      return new Manifest(in);
    } catch (ZipException e) {
      throw e; // a damaged archive, reported as such by inspect()
    } catch (IOException e) {
      throw new PluginRefusedException(
          "its "
              + entry.getName()
              + " is malformed ("
              + ExceptionText.describe(e)
              + "); rebuild"
              + " the jar with a valid manifest");
    }
  }

  private void refuseUnsatisfiedRequires(PluginDescriptor descriptor)
      throws PluginRefusedException {
    String requires = effectiveRequires(descriptor);
    boolean satisfied;
    try {
      satisfied = versions.checkVersionConstraint(systemVersion, requires);
    } catch (RuntimeException e) {
      throw new PluginRefusedException(
          "its Plugin-Requires '"
              + descriptor.getRequires()
              + "' is not a version range ("
              + ExceptionText.describe(e)
              + "); write one like >="
              + systemVersion);
    }
    if (!satisfied) {
      throw new PluginRefusedException(
          "it requires nclab "
              + requires
              + " (Plugin-Requires) but this nclab is "
              + systemVersion
              + "; install a version of the plugin built for nclab "
              + systemVersion
              + ", or an nclab that satisfies "
              + requires);
    }
  }

  /**
   * The constraint as PF4J applies it: like {@code AbstractPluginManager.isPluginValid}, a bare
   * {@code x.y.z} means {@code >=x.y.z}.
   */
  static String effectiveRequires(PluginDescriptor descriptor) {
    String requires = descriptor.getRequires().trim();
    return requires.matches("^\\d+\\.\\d+\\.\\d+$") ? ">=" + requires : requires;
  }

  /** Exposes PF4J's manifest-to-descriptor mapping, which it keeps protected. */
  private static final class ManifestParser extends ManifestPluginDescriptorFinder {
    PluginDescriptor parse(Manifest manifest) {
      return createPluginDescriptor(manifest);
    }
  }
}
