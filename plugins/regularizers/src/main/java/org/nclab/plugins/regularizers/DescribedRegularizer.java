package org.nclab.plugins.regularizers;

import java.util.List;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.train.Regularizer;

/**
 * A regularizer whose id, summary and options are fixed values given once to the constructor, so
 * that a subclass writes only {@link #terms}. PF4J creates extensions through their public no-arg
 * constructor, which is where a subclass passes these values.
 */
abstract class DescribedRegularizer implements Regularizer {
  private final String id;
  private final String summary;
  private final List<OptionSpec> options;

  DescribedRegularizer(String id, String summary, List<OptionSpec> options) {
    this.id = id;
    this.summary = summary;
    this.options = List.copyOf(options);
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String summary() {
    return summary;
  }

  @Override
  public final List<OptionSpec> options() {
    return options;
  }
}
