package org.nclab.plugins.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.Extension;

/**
 * Dataset {@code idx}: an MNIST-family dataset stored as four IDX files in one folder;
 * Fashion-MNIST out of the box.
 *
 * <p>The format, all integers big-endian: an image file (idx3) holds the magic number {@code
 * 0x00000803}, the image count, rows and columns, then one unsigned byte per pixel, image after
 * image, row after row; a label file (idx1) holds {@code 0x00000801}, the label count, then one
 * unsigned byte per label. Either may be gzipped, which is recognised by content, not name. A
 * missing, truncated, oversized or otherwise malformed file stops {@link #open} with a one-line
 * {@link UserException} naming the file, the byte offset and the fix.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code path}: the folder; by default {@code /usr/share/datasets/fashion-mnist}, where
 *       Debian's {@code dataset-fashion-mnist} package installs its files;
 *   <li>{@code train_images}, {@code train_labels}, {@code test_images}, {@code test_labels}: file
 *       names inside {@code path}, gzipped or not (the defaults are the original distribution's);
 *   <li>{@code name}: what logs and reports call the dataset;
 *   <li>{@code num_classes}: every label must be below it;
 *   <li>{@code class_names}: one name per class; empty means Fashion-MNIST's names when {@code
 *       name} is {@code fashion-mnist} with ten classes, else "0", "1", ...
 * </ul>
 *
 * <p>Images come out as height x width x 1 with pixels scaled to [0, 1], in splits "train" and
 * "test". Loading the 70,000 images of Fashion-MNIST takes well under a second.
 *
 * <pre>{@code
 * [dataset]
 * id = "idx"
 * path = "data/mnist"
 * name = "mnist"
 * }</pre>
 */
@Extension
public final class IdxDatasetProvider implements DatasetProvider {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  static final Path FASHION_MNIST_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

  private static final String INSTALL = "apt-get install dataset-fashion-mnist";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.path("path", "folder holding the four IDX files")
              .defaultValue(FASHION_MNIST_FOLDER.toString()),
          fileOption("train_images", "training images (idx3)", "train-images-idx3-ubyte.gz"),
          fileOption("train_labels", "training labels (idx1)", "train-labels-idx1-ubyte.gz"),
          fileOption("test_images", "test images (idx3)", "t10k-images-idx3-ubyte.gz"),
          fileOption("test_labels", "test labels (idx1)", "t10k-labels-idx1-ubyte.gz"),
          OptionSpec.string("name", "what logs and reports call the dataset")
              .defaultValue(ClassNames.FASHION_MNIST_NAME),
          DatasetOptions.numClasses("every label must be below it"),
          DatasetOptions.classNames());

  @Override
  public String id() {
    return "idx";
  }

  @Override
  public String summary() {
    return "MNIST-family IDX files, gzipped or not (Fashion-MNIST by default)";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public Dataset open(Options options) {
    Path folder = options.getPath("path");
    int numClasses = options.getInt(DatasetOptions.NUM_CLASSES);
    String name = options.getString("name");
    List<String> classNames = ClassNames.fromOptions(options, name, numClasses);

    // Check all four files before reading any, so a missing test file does not wait for train.
    Path trainImages = requireFile(options, folder, "train_images");
    Path trainLabels = requireFile(options, folder, "train_labels");
    Path testImages = requireFile(options, folder, "test_images");
    Path testLabels = requireFile(options, folder, "test_labels");

    IdxReader.LoadedSplit train = IdxReader.readSplit(trainImages, trainLabels, numClasses);
    IdxReader.LoadedSplit test = IdxReader.readSplit(testImages, testLabels, numClasses);
    if (!train.shape().equals(test.shape())) {
      throw UserException.of(
          "train images are " + train.shape() + " but test images are " + test.shape(),
          trainImages + " and " + testImages,
          "both splits must come from the same dataset");
    }
    return new Dataset(
        name, train.shape(), classNames, Map.of("train", train.split(), "test", test.split()));
  }

  private static Path requireFile(Options options, Path folder, String option) {
    if (!Files.isDirectory(folder)) {
      throw UserException.of(
          Files.exists(folder) ? "dataset path is not a folder" : "dataset folder not found",
          folder + ", option path of " + options.owner(),
          installOr(folder, "set path to the folder holding the IDX files"));
    }
    Path file = folder.resolve(options.getString(option));
    if (!Files.isRegularFile(file)) {
      throw UserException.of(
          Files.exists(file) ? "dataset file is not a regular file" : "dataset file not found",
          file + ", option " + option + " of " + options.owner(),
          installOr(folder, "set " + option + " to the file's name inside " + folder));
    }
    return file;
  }

  /** Someone reading the default folder most likely has not installed the package yet. */
  private static String installOr(Path folder, String fix) {
    return folder.equals(FASHION_MNIST_FOLDER)
        ? "run '" + INSTALL + "' to install Fashion-MNIST, or " + fix
        : fix;
  }

  private static OptionSpec fileOption(String name, String what, String defaultFile) {
    return OptionSpec.string(name, what + ": file name inside path, gzipped or not")
        .defaultValue(defaultFile);
  }
}
