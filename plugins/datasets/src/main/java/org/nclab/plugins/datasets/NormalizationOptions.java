package org.nclab.plugins.datasets;

import java.util.List;
import java.util.function.Supplier;
import org.nclab.api.UserException;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;
import org.nclab.api.options.Options;

/** The {@code normalize}, {@code mean} and {@code std} options of the 8-bit image datasets. */
final class NormalizationOptions {

  static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.string(
                  "normalize",
                  "scale: pixels / 255; dataset: per-channel mean and std of the train split"
                      + " (computed once, cached); given: mean and std")
              .defaultValue("scale")
              .oneOf("scale", "dataset", "given"),
          OptionSpec.of(
                  "mean",
                  OptionType.DOUBLE_LIST,
                  "per-channel means of pixels / 255 (normalize = \"given\")")
              .defaultValue(List.of()),
          OptionSpec.of(
                  "std",
                  OptionType.DOUBLE_LIST,
                  "per-channel standard deviations (normalize = \"given\")")
              .defaultValue(List.of())
              .range(1e-6, 1e6));

  private NormalizationOptions() {}

  /** The normalisation the options ask for; {@code trainStats} is only asked for "dataset". */
  static PixelNormalization from(Options options, int channels, Supplier<ChannelStats> trainStats) {
    switch (options.getString("normalize")) {
      case "dataset":
        ChannelStats stats = trainStats.get();
        return new PixelNormalization(stats.mean(), stats.std());
      case "given":
        List<Double> mean = options.getDoubleList("mean");
        List<Double> std = options.getDoubleList("std");
        if (mean.size() != channels || std.size() != channels) {
          throw UserException.of(
              "normalize = \"given\" needs "
                  + channels
                  + " mean and "
                  + channels
                  + " std values, got "
                  + mean.size()
                  + " and "
                  + std.size(),
              options.owner() + ", options mean and std",
              "give one value per channel");
        }
        return new PixelNormalization(
            mean.stream().mapToDouble(Double::doubleValue).toArray(),
            std.stream().mapToDouble(Double::doubleValue).toArray());
      default:
        return PixelNormalization.unit(channels);
    }
  }
}
