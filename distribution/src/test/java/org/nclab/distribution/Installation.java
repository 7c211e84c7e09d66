package org.nclab.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A private installation of the built distribution that a test may change: {@code bin/}, {@code
 * plugins/} and {@code configs/} copied, {@code lib/} linked (it is 170 MB and read-only).
 */
final class Installation {
  private Installation() {}

  /** Copies the distribution that {@code built} runs into {@code dir} and returns its launcher. */
  static Launcher copyOf(Launcher built, Path dir) throws IOException {
    for (String folder : List.of("bin", "plugins", "configs")) {
      copyTree(built.home().resolve(folder), dir.resolve(folder), path -> true);
    }
    Files.createSymbolicLink(dir.resolve("lib"), built.home().resolve("lib"));
    return new Launcher(dir);
  }

  /**
   * Copies the files and folders under {@code from} whose path relative to it {@code include}s,
   * keeping attributes (the launcher stays executable).
   */
  static void copyTree(Path from, Path to, Predicate<Path> include) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(f -> include.test(from.relativize(f))).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** The file names in an installation's {@code plugins/}, sorted. */
  static List<String> plugins(Launcher installation) throws IOException {
    try (Stream<Path> files = Files.list(installation.home().resolve("plugins"))) {
      // .nclab-checks holds the plugin checker's verdicts, not plugins
      return files
          .map(file -> file.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }
}
