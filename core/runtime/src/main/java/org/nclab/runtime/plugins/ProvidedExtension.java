package org.nclab.runtime.plugins;

import java.util.Optional;
import java.util.function.Supplier;
import org.nclab.api.Extension;

/**
 * One extension under one kind and id, with who provides it. A class that implements two extension
 * points yields two of these, one per kind, sharing the instance. A plugin's extension listed by
 * its check ({@link ListedExtension}) is created only when a command first asks for it.
 *
 * @param source the instance, or what creates it on first use (once; shared by the kinds)
 * @param listedSummary the summary its check recorded; null when the instance gives it
 */
record ProvidedExtension(
    ExtensionKind kind,
    String id,
    String className,
    Supplier<Extension> source,
    Provider provider,
    String listedSummary) {

  ProvidedExtension(ExtensionKind kind, String id, Extension extension, Provider provider) {
    this(kind, id, extension.getClass().getName(), () -> extension, provider, null);
  }

  /** The instance, created now if it was not yet (which runs the plugin's constructor). */
  Extension extension() {
    return source.get();
  }

  /** The instance if it exists, without creating it. */
  Optional<Extension> created() {
    return source instanceof LazyExtension lazy ? lazy.created() : Optional.of(source.get());
  }

  /** For {@code nclab plugins}: the summary its check recorded, else the instance's. */
  String summary() {
    return listedSummary != null ? listedSummary : extension().summary();
  }

  /** For messages: {@code regularizer 'l2' (class org.example.L2)}. */
  String describe() {
    return kind.table() + " '" + id + "' (class " + className + ")";
  }
}
