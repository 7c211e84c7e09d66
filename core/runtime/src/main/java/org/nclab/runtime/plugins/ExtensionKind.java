package org.nclab.runtime.plugins;

import java.util.Arrays;
import java.util.List;
import org.nclab.api.Extension;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.probe.Probe;
import org.nclab.api.train.Regularizer;

/** The kinds of extension a config can name, each with the TOML table that names it. */
public enum ExtensionKind {
  DATASET(DatasetProvider.class, "dataset"),
  MODEL(BackboneProvider.class, "model"),
  REGULARIZER(Regularizer.class, "regularizer"),
  PROBE(Probe.class, "probe"),
  AUGMENTATION(Augmentation.class, "augmentation");

  private final Class<? extends Extension> type;
  private final String table;

  ExtensionKind(Class<? extends Extension> type, String table) {
    this.type = type;
    this.table = table;
  }

  /** The extension point interface. */
  public Class<? extends Extension> type() {
    return type;
  }

  /**
   * The TOML table's name: {@code dataset}, {@code model}, {@code regularizer} (an array of
   * tables).
   */
  public String table() {
    return table;
  }

  /** The kind whose extension point is exactly {@code type}. */
  static ExtensionKind of(Class<? extends Extension> type) {
    return Arrays.stream(values())
        .filter(kind -> kind.type == type)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    type.getName()
                        + " is not an extension point; expected one of "
                        + Arrays.stream(values()).map(kind -> kind.type.getName()).toList()));
  }

  /** The kinds a class implements, in declaration order; empty for a non-extension. */
  static List<ExtensionKind> implementedBy(Class<?> type) {
    return Arrays.stream(values()).filter(kind -> kind.type.isAssignableFrom(type)).toList();
  }
}
