package org.nclab.runtime.plugins;

import com.google.common.base.Verify;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nclab.api.Extension;

/**
 * An immutable {@link ExtensionCatalog} over extensions whose ids do not clash. A listed plugin
 * extension is created when {@link #find} first returns it, never by listing ids.
 */
final class ExtensionRegistry implements ExtensionCatalog {

  private final Map<ExtensionKind, TreeMap<String, ProvidedExtension>> byKind =
      new EnumMap<>(ExtensionKind.class);

  /** By identity: extensions need not implement equals, and two plugins may share a class name. */
  private final Map<Extension, String> providers =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * @param extensions extensions that {@link ExtensionClaims} found free of clashes
   */
  ExtensionRegistry(Collection<ProvidedExtension> extensions) {
    for (ExtensionKind kind : ExtensionKind.values()) {
      byKind.put(kind, new TreeMap<>());
    }
    for (ProvidedExtension provided : extensions) {
      ProvidedExtension previous = byKind.get(provided.kind()).put(provided.id(), provided);
      Verify.verify(previous == null, "%s is registered twice", provided.describe());
      provided.created().ifPresent(extension -> providers.put(extension, provided.provider().id()));
    }
  }

  @Override
  public Optional<Extension> find(ExtensionKind kind, String id) {
    ProvidedExtension provided = byKind.get(kind).get(id);
    if (provided == null) {
      return Optional.empty();
    }
    Extension extension = provided.extension();
    providers.putIfAbsent(extension, provided.provider().id());
    return Optional.of(extension);
  }

  @Override
  public List<String> ids(ExtensionKind kind) {
    return List.copyOf(byKind.get(kind).keySet());
  }

  /** This kind's extensions by id, without creating any. */
  List<ProvidedExtension> provided(ExtensionKind kind) {
    return List.copyOf(byKind.get(kind).values());
  }

  @Override
  public String providerOf(Extension extension) {
    String provider = providers.get(extension);
    if (provider == null) {
      throw new IllegalArgumentException(
          extension.getClass().getName()
              + " '"
              + extension.id()
              + "' is not an extension of this"
              + " catalog; ask the catalog it was found in");
    }
    return provider;
  }
}
