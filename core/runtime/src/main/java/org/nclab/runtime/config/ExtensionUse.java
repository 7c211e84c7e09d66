package org.nclab.runtime.config;

import java.util.Objects;
import org.nclab.api.Extension;
import org.nclab.api.options.Options;
import org.nclab.runtime.plugins.ExtensionKind;

/**
 * One use of an extension in a run's config: which extension, with which validated options.
 *
 * @param weight the factor of a regularizer's loss terms; 1.0 for datasets and models
 * @param keyPath where the use is written: {@code dataset}, {@code regularizer[1]}
 */
public record ExtensionUse(
    ExtensionKind kind, String id, Extension extension, Options options, double weight,
    String keyPath) {

  public ExtensionUse {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(keyPath, "keyPath");
  }
}
