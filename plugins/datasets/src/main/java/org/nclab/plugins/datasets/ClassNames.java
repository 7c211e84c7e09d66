package org.nclab.plugins.datasets;

import java.util.List;
import java.util.stream.IntStream;

/** Class names the providers use when the user gives none. */
final class ClassNames {

  /** Fashion-MNIST's labels 0 to 9, as Zalando's README names them. */
  static final List<String> FASHION_MNIST =
      List.of(
          "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private ClassNames() {}

  /** "0", "1", ... "count-1": the only honest names for classes nobody named. */
  static List<String> numbered(int count) {
    return IntStream.range(0, count).mapToObj(Integer::toString).toList();
  }
}
