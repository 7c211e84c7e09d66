package org.nclab.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.Split;
import org.nclab.api.options.Options;

/**
 * Views of a dataset that transfer experiments need, for any dataset provider: a subset of its
 * classes re-indexed from 0 (Fashion-MNIST classes 0-4 for pre-training, 5-9 downstream), and a
 * few-shot training split of N seeded examples per class with the test split left whole.
 */
public final class DatasetSubsets {
  /** {@code [dataset] classes}: the class indices to keep, in their new order; empty keeps all. */
  public static final String CLASSES = "classes";

  /**
   * {@code [dataset] train_per_class}: a seeded sample of N training examples per class; 0 keeps
   * all.
   */
  public static final String TRAIN_PER_CLASS = "train_per_class";

  private DatasetSubsets() {}

  /**
   * Applies the {@code [dataset]} table's common keys ({@link #CLASSES}, {@link #TRAIN_PER_CLASS}).
   */
  public static Dataset apply(Dataset dataset, Options common, long seed) {
    Dataset out = dataset;
    List<Integer> classes = common.getIntList(CLASSES);
    if (!classes.isEmpty()) {
      out = classes(out, classes);
    }
    int perClass = common.getInt(TRAIN_PER_CLASS);
    if (perClass > 0) {
      out = fewShot(out, perClass, seed);
    }
    return out;
  }

  /**
   * The examples of the given classes only, in every split; class {@code classes.get(i)} becomes
   * class i, and the name goes with it.
   */
  public static Dataset classes(Dataset dataset, List<Integer> classes) {
    int k = dataset.numClasses();
    int[] newLabel = new int[k];
    Arrays.fill(newLabel, -1);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < classes.size(); i++) {
      int c = classes.get(i);
      if (c < 0 || c >= k) {
        throw new UserException(
            "dataset.classes names class "
                + c
                + " but dataset '"
                + dataset.name()
                + "' has classes 0 to "
                + (k - 1)
                + "; use indices in that range");
      }
      if (newLabel[c] >= 0) {
        throw new UserException(
            "dataset.classes names class " + c + " twice; list each class once");
      }
      newLabel[c] = i;
      names.add(dataset.classNames().get(c));
    }
    if (classes.size() < 2) {
      throw new UserException(
          "dataset.classes keeps " + classes.size() + " class; a classifier needs at least two");
    }
    Map<String, Split> splits = new LinkedHashMap<>();
    for (String name : dataset.splitNames()) {
      Split split = dataset.split(name);
      int kept = 0;
      for (int i = 0; i < split.size(); i++) {
        kept += newLabel[split.label(i)] >= 0 ? 1 : 0;
      }
      int[] indices = new int[kept];
      for (int i = 0, j = 0; i < split.size(); i++) {
        if (newLabel[split.label(i)] >= 0) {
          indices[j++] = i;
        }
      }
      splits.put(name, new IndexedSplit(split, indices, newLabel));
    }
    return new Dataset(dataset.name() + " classes " + classes, dataset.shape(), names, splits);
  }

  /**
   * Exactly {@code perClass} training examples of every class, chosen with {@code seed}; the other
   * splits are kept whole, so few-shot results are measured on the full test split.
   */
  public static Dataset fewShot(Dataset dataset, int perClass, long seed) {
    Split train = dataset.split("train");
    int[] indices = fewShotIndices(dataset, perClass, seed);
    int[] identity = new int[dataset.numClasses()];
    for (int c = 0; c < identity.length; c++) {
      identity[c] = c;
    }
    Map<String, Split> splits = new LinkedHashMap<>();
    for (String name : dataset.splitNames()) {
      splits.put(
          name,
          name.equals("train") ? new IndexedSplit(train, indices, identity) : dataset.split(name));
    }
    return new Dataset(
        dataset.name() + " " + perClass + "-shot", dataset.shape(), dataset.classNames(), splits);
  }

  /**
   * The training-split positions {@link #fewShot} keeps, ascending: the rows to take from features
   * extracted once for the whole split.
   */
  public static int[] fewShotIndices(Dataset dataset, int perClass, long seed) {
    Split train = dataset.split("train");
    int[] counts = new int[dataset.numClasses()];
    for (int i = 0; i < train.size(); i++) {
      counts[train.label(i)]++;
    }
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] < perClass) {
        throw new UserException(
            perClass
                + " training examples per class asked for, but class "
                + c
                + " ('"
                + dataset.classNames().get(c)
                + "') of '"
                + dataset.name()
                + "' has "
                + counts[c]
                + "; ask for at most "
                + Arrays.stream(counts).min().orElse(0));
      }
    }
    return ClassBalancedSample.indices(train, dataset.numClasses(), perClass, seed);
  }
}
