package org.nclab.runtime.plugins;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One plugin jar loaded by a {@link PluginHost} of its own, beside the core's built-ins only: what
 * the host does with the jar in an otherwise empty plugins folder. The host loads a copy in a
 * scratch folder, so the trial neither sees nor writes into the real plugins folder (PF4J unpacks a
 * zip next to itself), and every clash it reports is with the core.
 *
 * <p>Loading runs the plugin's code: its Plugin-Class and its extensions' constructors.
 */
final class PluginTrial implements AutoCloseable {

  private final Path jar;
  private final Path scratch;
  private final PluginHost host;

  private PluginTrial(Path jar, Path scratch, PluginHost host) {
    this.jar = jar;
    this.scratch = scratch;
    this.host = host;
  }

  /** Loads {@code jar} alone; close the trial to unload it and delete the copy. */
  static PluginTrial load(Path jar, String systemVersion) {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("nclab-plugin-trial");
      Files.copy(jar, scratch.resolve(jar.getFileName().toString()));
      return new PluginTrial(jar, scratch, PluginHost.start(scratch, systemVersion));
    } catch (IOException e) {
      deleteTree(scratch);
      throw new UncheckedIOException("could not copy " + jar + " to a scratch folder", e);
    } catch (RuntimeException e) {
      deleteTree(scratch);
      throw e;
    }
  }

  /** Why the host refused the jar, naming the user's jar rather than the scratch copy. */
  Optional<RefusedPlugin> refusal() {
    return host.refused().stream().findFirst().map(r -> new RefusedPlugin(jar, r.reason()));
  }

  /** The plugin as loaded, with the user's jar; empty when it was refused. */
  Optional<PluginInfo> plugin() {
    return host.plugins().stream()
        .findFirst()
        .map(
            p ->
                new PluginInfo(
                    p.id(), p.version(), p.requires(), p.provider(), jar, p.extensionIds()));
  }

  /** The loaded plugin's extensions, by kind and then id; valid until the trial is closed. */
  List<ProvidedExtension> extensions() {
    return plugin().map(plugin -> LoadedExtensions.of(host, plugin)).orElse(List.of());
  }

  @Override
  public void close() {
    try {
      host.close();
    } finally {
      deleteTree(scratch);
    }
  }

  /** Best effort: a leftover scratch folder in the temp directory is harmless. */
  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try {
      MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException ignored) {
      // as above
    }
  }
}
