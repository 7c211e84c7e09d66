package org.nclab.plugins.datasets;

import java.util.List;
import java.util.stream.IntStream;
import org.nclab.api.UserException;
import org.nclab.api.options.Options;

/** Class names the providers use when the user gives none. */
final class ClassNames {

  /** The dataset name under which providers default to {@link #FASHION_MNIST}'s names. */
  static final String FASHION_MNIST_NAME = "fashion-mnist";

  /** Fashion-MNIST's labels 0 to 9, as Zalando's README names them. */
  static final List<String> FASHION_MNIST =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private ClassNames() {}

  /** "0", "1", ... "count-1": the only honest names for classes nobody named. */
  static List<String> numbered(int count) {
    return IntStream.range(0, count).mapToObj(Integer::toString).toList();
  }

  /**
   * The {@link DatasetOptions#CLASS_NAMES} option when given, which must name every class; else
   * Fashion-MNIST's names for a ten-class dataset called "fashion-mnist"; else numbers.
   */
  static List<String> fromOptions(Options options, String datasetName, int numClasses) {
    List<String> given = options.getStringList(DatasetOptions.CLASS_NAMES);
    if (!given.isEmpty()) {
      if (given.size() != numClasses) {
        throw UserException.of(
            "class_names has " + given.size() + " names but num_classes is " + numClasses,
            options.owner() + ", option class_names",
            "give one name per class, or leave class_names empty");
      }
      return given;
    }
    return datasetName.equals(FASHION_MNIST_NAME) && numClasses == FASHION_MNIST.size()
        ? FASHION_MNIST
        : numbered(numClasses);
  }
}
