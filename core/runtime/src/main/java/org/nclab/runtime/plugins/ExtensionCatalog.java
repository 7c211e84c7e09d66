package org.nclab.runtime.plugins;

import java.util.List;
import java.util.Optional;
import org.nclab.api.Extension;
import org.nclab.api.UserException;

/**
 * The extensions available to this process, by kind and id: built-ins of the core and those of
 * loaded plugins alike. Config validation needs only this view, so it can be tested with a map.
 */
public interface ExtensionCatalog {

  /** The extension of this kind and id, if one is loaded. */
  Optional<Extension> find(ExtensionKind kind, String id);

  /** All ids of this kind, sorted, for "expected one of" messages. */
  List<String> ids(ExtensionKind kind);

  /** Who provides an extension: a plugin id, or {@code core} for built-ins. */
  String providerOf(Extension extension);

  /**
   * The extension of this type and id, or a user-facing error that lists the ids there are.
   *
   * @param type an extension point, e.g. {@code Regularizer.class}
   * @param id the id a config names
   * @throws UserException when no extension of that type has that id
   * @throws IllegalArgumentException when {@code type} is not one of {@link ExtensionKind}'s types
   */
  default <T extends Extension> T require(Class<T> type, String id) {
    ExtensionKind kind = ExtensionKind.of(type);
    return find(kind, id)
        .map(type::cast)
        .orElseThrow(
            () -> {
              List<String> known = ids(kind);
              String expected =
                  known.isEmpty()
                      ? "no " + kind.table() + " is loaded at all"
                      : "expected one of: " + String.join(", ", known);
              // No file or key here: the config layer that asks knows them and adds them.
              return new UserException(
                  "unknown "
                      + kind.table()
                      + " '"
                      + id
                      + "'; "
                      + expected
                      + "; check the"
                      + " spelling, or put the plugin jar that provides it into the plugins folder"
                      + " ('nclab plugins' lists what is loaded)");
            });
  }
}
