package org.nclab.runtime.plugins;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an extension comes from: nclab's core, or a plugin and its archive.
 *
 * @param id {@value #CORE_ID} or a plugin id
 * @param archive the plugin's archive; empty for the core
 */
record Provider(String id, Optional<Path> archive) {

  static final String CORE_ID = "core";
  static final Provider CORE = new Provider(CORE_ID, Optional.empty());

  static Provider plugin(String pluginId, Path archive) {
    return new Provider(pluginId, Optional.of(archive));
  }

  boolean isCore() {
    return archive.isEmpty();
  }

  /** For messages: {@code nclab's core} or {@code plugin 'x' (plugins/x.jar)}. */
  String describe() {
    return archive.map(path -> "plugin '" + id + "' (" + path + ")").orElse("nclab's core");
  }
}
