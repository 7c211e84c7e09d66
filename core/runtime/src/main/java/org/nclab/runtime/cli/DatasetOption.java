package org.nclab.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nclab.api.UserException;
import picocli.CommandLine.Option;

/** {@code --dataset FILE}: measure a trained run on another {@code [dataset]} table. */
final class DatasetOption {
  @Option(
      names = "--dataset",
      paramLabel = "FILE",
      description =
          "a TOML file whose [dataset] table replaces the run's (other data of the same image shape"
              + " and class count)")
  Path file;

  /** The file, checked to be a dataset config rather than the data itself; null when not given. */
  Path config() {
    if (file != null) {
      requireConfig("--dataset", file);
    }
    return file;
  }

  /**
   * Refuses the data itself (an archive, an IDX file) where a dataset config is expected: the
   * config loader would only say the bytes are not UTF-8 text, which misleads.
   */
  static void requireConfig(String option, Path file) {
    if (file.getFileName().toString().endsWith(".toml") || !Files.isRegularFile(file)) {
      return; // a missing file or a folder is reported by the loader, with its path
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4096);
    } catch (IOException e) {
      return; // unreadable: the loader says why
    }
    boolean binary = false;
    for (byte b : head) {
      binary |= b == 0 || (b & 0xff) == 0x8b && head[0] == 0x1f;
    }
    if (binary) {
      throw UserException.of(
          option + " expects a dataset config (a TOML file with a [dataset] table), not data",
          file.toString(),
          "write a .toml file with [dataset] id = \"...\" and its path option pointing at the data"
              + " (docs/datasets.md), and pass that file");
    }
  }
}
