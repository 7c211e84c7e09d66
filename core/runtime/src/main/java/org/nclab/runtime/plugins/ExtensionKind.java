package org.nclab.runtime.plugins;

import org.nclab.api.Extension;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.train.Regularizer;

/** The kinds of extension a config can name, each with the TOML table that names it. */
public enum ExtensionKind {
  DATASET(DatasetProvider.class, "dataset"),
  MODEL(BackboneProvider.class, "model"),
  REGULARIZER(Regularizer.class, "regularizer");

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

  /** The TOML table ({@code [dataset]}, {@code [model]}, {@code [[regularizer]]}). */
  public String table() {
    return table;
  }
}
