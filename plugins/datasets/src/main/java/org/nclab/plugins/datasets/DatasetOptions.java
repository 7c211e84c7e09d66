package org.nclab.plugins.datasets;

import java.util.List;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;

/** Options that mean the same in every provider of this plugin, declared once. */
final class DatasetOptions {

  static final String NUM_CLASSES = "num_classes";
  static final String CLASS_NAMES = "class_names";

  private DatasetOptions() {}

  /** Ten by default (the MNIST family's count), at most 1000 (ImageNet's). */
  static OptionSpec numClasses(String detail) {
    return OptionSpec.integer(NUM_CLASSES, "number of classes; " + detail)
        .defaultValue(10)
        .range(2, 1000);
  }

  /** Empty by default, meaning the names {@link ClassNames#fromOptions} picks. */
  static OptionSpec classNames() {
    return OptionSpec.of(
            CLASS_NAMES,
            OptionType.STRING_LIST,
            "one name per class; empty: Fashion-MNIST's or \"0\", \"1\", ...")
        .defaultValue(List.of());
  }
}
