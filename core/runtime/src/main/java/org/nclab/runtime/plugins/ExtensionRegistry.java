package org.nclab.runtime.plugins;

import com.google.common.base.Verify;
import java.util.Collection;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nclab.api.Extension;

/** An immutable {@link ExtensionCatalog} over extensions whose ids do not clash. */
final class ExtensionRegistry implements ExtensionCatalog {

  private final Map<ExtensionKind, TreeMap<String, Extension>> byKind =
      new EnumMap<>(ExtensionKind.class);

  /** By identity: extensions need not implement equals, and two plugins may share a class name. */
  private final Map<Extension, String> providers = new IdentityHashMap<>();

  /**
   * @param extensions extensions that {@link ExtensionClaims} found free of clashes
   */
  ExtensionRegistry(Collection<ProvidedExtension> extensions) {
    for (ExtensionKind kind : ExtensionKind.values()) {
      byKind.put(kind, new TreeMap<>());
    }
    for (ProvidedExtension provided : extensions) {
      Extension previous = byKind.get(provided.kind()).put(provided.id(), provided.extension());
      Verify.verify(previous == null, "%s is registered twice", provided.describe());
      providers.put(provided.extension(), provided.provider().id());
    }
  }

  @Override
  public Optional<Extension> find(ExtensionKind kind, String id) {
    return Optional.ofNullable(byKind.get(kind).get(id));
  }

  @Override
  public List<String> ids(ExtensionKind kind) {
    return List.copyOf(byKind.get(kind).keySet());
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
