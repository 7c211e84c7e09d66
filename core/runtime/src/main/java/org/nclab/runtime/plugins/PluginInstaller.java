package org.nclab.runtime.plugins;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nclab.api.UserException;
import org.nclab.runtime.io.AtomicFiles;

/**
 * Copies a plugin jar that {@link PluginVerifier} passed into a plugins folder, under its own file
 * name, and adds an {@code install} line to the verdict.
 *
 * <p>A jar of a Plugin-Id that is installed already replaces the old jar only when forced, and the
 * old jar is removed, since two jars of one id make the host refuse one of them. The jar never
 * overwrites another plugin's file. The copy is written as a dot-file (which the host skips),
 * forced to disk and renamed into place, so an nclab starting meanwhile sees the whole jar or none.
 */
public final class PluginInstaller {

  private static final String CHECK = "install";

  private final PluginVerifier verifier;

  public PluginInstaller(PluginVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * @param jar the plugin jar or zip
   * @param pluginsFolder the distribution's {@code plugins/} (or {@code --plugins})
   * @param force whether to replace installed jars of the same Plugin-Id, or a file of the jar's
   *     name that holds no plugin in use
   * @return the verifier's checks, then {@code install}; installed only when {@link
   *     PluginVerdict#passed()}
   * @throws UserException when the folder does not exist, or a file cannot be written or removed
   */
  public PluginVerdict install(Path jar, Path pluginsFolder, boolean force) {
    if (!Files.isDirectory(pluginsFolder)) {
      throw UserException.of(
          "the plugins folder does not exist",
          pluginsFolder.toString(),
          "create it, or name the distribution's plugins folder with --plugins");
    }
    PluginVerdict verdict = verifier.verify(jar, pluginsFolder);
    if (!verdict.passed()) {
      return verdict;
    }
    PluginInfo plugin = verdict.plugin().orElseThrow();
    Path target = pluginsFolder.resolve(jar.getFileName().toString());
    if (sameFile(jar, target)) {
      return verdict.and(PluginCheck.ok(CHECK, "it is in " + pluginsFolder + " already"));
    }
    List<PluginInfo> replaced =
        verdict.installed().stream().filter(old -> old.id().equals(plugin.id())).toList();
    Optional<String> blocked = whyNot(plugin, target, replaced, verdict.installed(), force);
    if (blocked.isPresent()) {
      return verdict.and(PluginCheck.refused(CHECK, new RefusedPlugin(jar, blocked.get())));
    }
    copyAtomically(jar, target);
    List<Path> removed = removeReplaced(replaced, target);
    return verdict.and(
        PluginCheck.ok(
            CHECK,
            "copied to "
                + target
                + removed.stream().map(old -> "; removed " + old).collect(Collectors.joining())));
  }

  private static Optional<String> whyNot(
      PluginInfo plugin,
      Path target,
      List<PluginInfo> replaced,
      List<PluginInfo> installed,
      boolean force) {
    Optional<PluginInfo> occupant =
        installed.stream().filter(other -> sameName(other.jar(), target)).findFirst();
    if (occupant.isPresent() && !occupant.get().id().equals(plugin.id())) {
      return Optional.of(
          target
              + " holds plugin '"
              + occupant.get().id()
              + "' "
              + occupant.get().version()
              + ", not '"
              + plugin.id()
              + "'; rename the jar, e.g. to "
              + plugin.id()
              + "-"
              + plugin.version()
              + ".jar, and install it again");
    }
    if (force) {
      return Optional.empty();
    }
    if (!replaced.isEmpty()) {
      return Optional.of(
          "plugin '"
              + plugin.id()
              + "' is installed already ("
              + replaced.stream()
                  .map(old -> old.version() + " in " + old.jar())
                  .collect(Collectors.joining(", "))
              + "); pass --force to replace it with "
              + plugin.version());
    }
    if (Files.exists(target)) {
      return Optional.of(
          target
              + " exists and holds no plugin in use ('nclab plugins' says why); pass --force to"
              + " overwrite it");
    }
    return Optional.empty();
  }

  private static void copyAtomically(Path jar, Path target) {
    Path partial = target.resolveSibling("." + target.getFileName() + ".installing");
    try {
      Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      AtomicFiles.move(partial, target);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // a leftover dot-file is skipped by the host and overwritten by the next install
      }
      throw new UserException(
          "could not copy "
              + jar
              + " to "
              + target
              + " ("
              + ExceptionText.describe(e)
              + "); check that the plugins folder is writable by this user",
          e);
    }
  }

  /** Removes the old jars of the plugin's id that the copy did not overwrite. */
  private static List<Path> removeReplaced(List<PluginInfo> replaced, Path target) {
    List<Path> old =
        replaced.stream().map(PluginInfo::jar).filter(j -> !sameName(j, target)).toList();
    for (Path jar : old) {
      try {
        Files.deleteIfExists(jar);
      } catch (IOException e) {
        throw new UserException(
            "installed "
                + target
                + " but could not remove the jar it replaces, "
                + jar
                + " ("
                + ExceptionText.describe(e)
                + "); remove it by hand, or nclab refuses one of the two for sharing a Plugin-Id",
            e);
      }
    }
    return old;
  }

  /** Both in the plugins folder: the same name is the same file. */
  private static boolean sameName(Path installedJar, Path target) {
    return installedJar.getFileName().equals(target.getFileName());
  }

  private static boolean sameFile(Path jar, Path target) {
    try {
      return Files.exists(target) && Files.isSameFile(jar, target);
    } catch (IOException e) {
      return false; // unreadable: then it is not the jar being installed
    }
  }
}
