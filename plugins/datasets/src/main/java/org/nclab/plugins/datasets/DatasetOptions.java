package org.nclab.plugins.datasets;

import org.nclab.api.options.OptionSpec;

/** Options that mean the same in every provider of this plugin, declared once. */
final class DatasetOptions {

  static final String NUM_CLASSES = "num_classes";

  private DatasetOptions() {}

  /** Ten by default (the MNIST family's count), at most 1000 (ImageNet's). */
  static OptionSpec numClasses(String detail) {
    return OptionSpec.integer(NUM_CLASSES, "number of classes; " + detail)
        .defaultValue(10)
        .range(2, 1000);
  }
}
