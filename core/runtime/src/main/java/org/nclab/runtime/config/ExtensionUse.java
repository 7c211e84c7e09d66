package org.nclab.runtime.config;

import java.util.Objects;
import org.nclab.api.Extension;
import org.nclab.api.options.Options;
import org.nclab.runtime.plugins.ExtensionKind;

/**
 * One use of an extension in a run's config: which extension, with which validated options.
 *
 * @param common the keys nclab reads in every table of this kind ({@code weight} of a regularizer,
 *     {@code every_epochs} of a probe: {@link CoreSections#commonOptions})
 * @param keyPath where the use is written: {@code dataset}, {@code regularizer[1]}
 */
public record ExtensionUse(
    ExtensionKind kind,
    String id,
    Extension extension,
    Options options,
    Options common,
    String keyPath) {

  public ExtensionUse {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(common, "common");
    Objects.requireNonNull(keyPath, "keyPath");
  }

  /** The factor of a regularizer's loss terms; 1.0 for kinds that have no weight. */
  public double weight() {
    return common.asMap().containsKey(CoreSections.REGULARIZER_WEIGHT.name())
        ? common.getDouble(CoreSections.REGULARIZER_WEIGHT.name())
        : 1.0;
  }
}
