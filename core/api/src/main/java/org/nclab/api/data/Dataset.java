package org.nclab.api.data;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nclab.api.UserException;

/**
 * An opened dataset: images of one fixed shape, a fixed number of classes, and named splits.
 *
 * @param name what to call it in logs and reports ("fashion-mnist")
 * @param shape every image's shape
 * @param classNames one name per class index; its size is the number of classes
 * @param splits the splits by name; nclab trains on "train" and evaluates on "test"
 */
public record Dataset(
    String name, ImageShape shape, List<String> classNames, Map<String, Split> splits) {

  /** Copies the lists and maps; refuses fewer than two classes. */
  public Dataset {
    classNames = List.copyOf(classNames);
    splits = Map.copyOf(splits);
    if (classNames.size() < 2) {
      throw new IllegalArgumentException("a dataset needs at least two classes");
    }
  }

  /** K, the number of classes: labels are in [0, K). */
  public int numClasses() {
    return classNames.size();
  }

  /** The names of the splits there are, e.g. {@code [test, train]}. */
  public Set<String> splitNames() {
    return splits.keySet();
  }

  /** The named split, or a user-facing error listing the ones there are. */
  public Split split(String splitName) {
    Split split = splits.get(splitName);
    if (split == null) {
      throw new UserException(
          "dataset '"
              + name
              + "' has no split '"
              + splitName
              + "' (it has "
              + new TreeSet<>(splits.keySet())
              + "); choose one of those");
    }
    return split;
  }
}
