package org.nclab.runtime.plugins;

import java.util.List;
import java.util.Optional;
import org.nclab.api.Extension;

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
}
