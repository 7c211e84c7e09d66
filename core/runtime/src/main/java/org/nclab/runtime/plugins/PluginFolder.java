package org.nclab.runtime.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.nclab.api.UserException;
import org.pf4j.util.FileUtils;

/**
 * The plugins folder: the {@code .jar} and {@code .zip} files directly in it, in file-name order.
 *
 * <p>Name order is what decides between two plugins that clash, so it must not depend on the file
 * system's listing order or on modification times (PF4J's default sorts by the latter). Folders are
 * not plugins here: they are what PF4J unpacks zips into.
 */
final class PluginFolder {

  private PluginFolder() {}

  /** The plugin archives in {@code folder}; none when it is null or absent. */
  static List<Path> archives(Path folder) {
    if (folder == null || Files.notExists(folder)) {
      return List.of();
    }
    if (!Files.isDirectory(folder)) {
      throw UserException.of(
          "the plugins folder is a file, not a folder",
          folder.toString(),
          "point nclab at the folder that holds the plugin jars");
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(Files::isRegularFile)
          // dot-files are editors' and systems' droppings (macOS writes ._name.jar), never plugins
          .filter(path -> !path.getFileName().toString().startsWith("."))
          .filter(FileUtils::isZipOrJarFile)
          .sorted(Comparator.comparing(path -> path.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UserException(
          "cannot list the plugins folder ("
              + folder
              + "): "
              + ExceptionText.describe(e)
              + "; check that it is readable by this user",
          e);
    }
  }

  /**
   * The path PF4J should load: the archive itself for a jar, the folder it was unpacked into for a
   * zip (unpacked again only when the zip is newer).
   */
  static Path unpackIfZip(Path archive) throws PluginRefusedException {
    try {
      return FileUtils.expandIfZip(archive);
    } catch (IOException e) {
      throw new PluginRefusedException(
          "it could not be unpacked next to itself ("
              + ExceptionText.describe(e)
              + "); make the"
              + " plugins folder writable, or use the plugin's jar instead of its zip");
    }
  }
}
