package org.nclab.plugins.datasets;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nclab.api.UserException;
import org.nclab.api.data.ArraySplit;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.data.ImageShape;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.Extension;

/**
 * Dataset {@code synthetic}: a seeded Gaussian mixture of images, for tests and demos that must run
 * without any data installed.
 *
 * <p>Each class has a smooth prototype image with values in [0, 1] (a few low-frequency waves per
 * channel); a sample is its class's prototype plus independent N(0, noise^2) noise on every value,
 * not clipped, so values spread somewhat outside [0, 1]. Labels are balanced ({@code i %
 * num_classes}) and then shuffled. The same options give the same arrays, bit for bit, on any
 * machine; the test split does not change when {@code train_size} does.
 *
 * <p>At the default noise the classes are far apart: nearest class mean classifies the test split
 * almost perfectly, and even a linear softmax model reaches 100% after one epoch of minibatch SGD,
 * so a small CNN learns it to high accuracy in one epoch. That makes it a quick check that training
 * works at all. Raise {@code noise} to make it harder: at 2.0 that linear model gets about two
 * thirds of the test split right after one epoch.
 *
 * <p>Options: {@code num_classes}, {@code train_size}, {@code test_size}, {@code height}, {@code
 * width}, {@code channels} (1 to 4), {@code noise} (the noise's standard deviation) and {@code
 * seed}.
 *
 * <pre>{@code
 * [dataset]
 * id = "synthetic"
 * num_classes = 4
 * noise = 0.5
 * }</pre>
 */
@Extension
public final class SyntheticDatasetProvider implements DatasetProvider {

  private static final List<OptionSpec> OPTIONS =
      List.of(
          DatasetOptions.numClasses("one prototype image each"),
          OptionSpec.integer("train_size", "images in the train split")
              .defaultValue(2000)
              .range(1, 10_000_000),
          OptionSpec.integer("test_size", "images in the test split")
              .defaultValue(500)
              .range(1, 10_000_000),
          OptionSpec.integer("height", "image height in pixels").defaultValue(28).range(1, 1024),
          OptionSpec.integer("width", "image width in pixels").defaultValue(28).range(1, 1024),
          OptionSpec.integer("channels", "values per pixel").defaultValue(1).range(1, 4),
          OptionSpec.number("noise", "standard deviation of the noise added to every value")
              .defaultValue(0.3)
              .range(0, 10),
          OptionSpec.integer("seed", "same seed and options, same images").defaultValue(1));

  @Override
  public String id() {
    return "synthetic";
  }

  @Override
  public String summary() {
    return "seeded Gaussian mixture of images, one smooth prototype per class (no files needed)";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public Dataset open(Options options) {
    ImageShape shape =
        new ImageShape(
            options.getInt("height"), options.getInt("width"), options.getInt("channels"));
    int trainSize = requireFits(options, "train_size", shape);
    int testSize = requireFits(options, "test_size", shape);
    int numClasses = options.getInt(DatasetOptions.NUM_CLASSES);

    // One seed per purpose, so each split's images do not depend on the other split's size.
    Random seeds = new Random(options.getInt("seed"));
    GaussianMixture mixture =
        new GaussianMixture(numClasses, shape, options.getDouble("noise"), seeds.nextLong());
    ArraySplit train = mixture.sample(trainSize, seeds.nextLong());
    ArraySplit test = mixture.sample(testSize, seeds.nextLong());
    return new Dataset(
        "synthetic", shape, ClassNames.numbered(numClasses), Map.of("train", train, "test", test));
  }

  /** A split lives in one float array, so its size times the image size must fit one. */
  private static int requireFits(Options options, String sizeOption, ImageShape shape) {
    int size = options.getInt(sizeOption);
    long floats = (long) size * shape.size();
    if (floats > Limits.MAX_ARRAY_LENGTH) {
      throw UserException.of(
          sizeOption
              + " = "
              + size
              + " images of "
              + shape
              + " need "
              + floats
              + " floats, more than one array holds ("
              + Limits.MAX_ARRAY_LENGTH
              + ")",
          options.owner() + ", option " + sizeOption,
          "lower " + sizeOption + " or the image size");
    }
    return size;
  }
}
