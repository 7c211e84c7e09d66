package org.nclab.runtime.config;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Where the test configs are: the folder with {@code configs/}, the tests' working directory. */
final class ConfigTestFiles {

  static Path resourceRoot() {
    URL marker = ConfigTestFiles.class.getResource("/configs/good/minimal.toml");
    if (marker == null) {
      throw new IllegalStateException("test resource configs/good/minimal.toml is missing");
    }
    try {
      return Path.of(marker.toURI()).getParent().getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private ConfigTestFiles() {}
}
