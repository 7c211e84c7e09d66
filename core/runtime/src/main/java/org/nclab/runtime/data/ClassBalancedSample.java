package org.nclab.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nclab.api.data.Split;

/**
 * At most N examples per class of a split, chosen with a seed: what a probe reads, and the training
 * data of a few-shot transfer.
 */
public final class ClassBalancedSample {
  private ClassBalancedSample() {}

  /**
   * The indices of the sample in ascending order (so reading stays sequential). With {@code
   * maxPerClass <= 0} every index.
   */
  public static int[] indices(Split split, int numClasses, int maxPerClass, long seed) {
    int size = split.size();
    if (maxPerClass <= 0) {
      int[] all = new int[size];
      for (int i = 0; i < size; i++) {
        all[i] = i;
      }
      return all;
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < size; i++) {
      byClass.get(split.label(i)).add(i);
    }
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] chosen = new boolean[size];
    int count = 0;
    for (List<Integer> members : byClass) {
      // Partial Fisher-Yates: the first maxPerClass positions become a uniform sample.
      int take = Math.min(maxPerClass, members.size());
      for (int i = 0; i < take; i++) {
        int j = i + random.nextInt(members.size() - i);
        Integer t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
        chosen[members.get(i)] = true;
      }
      count += take;
    }
    int[] out = new int[count];
    for (int i = 0, k = 0; i < size; i++) {
      if (chosen[i]) {
        out[k++] = i;
      }
    }
    return out;
  }
}
