package org.nclab.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;

/**
 * What {@code nclab data describe} prints about an opened dataset: shape, classes, images per class
 * and split, and per-channel statistics of the values the model sees. Statistics are float64 over
 * up to {@code statisticsLimit} evenly spaced images of each split.
 */
public record DatasetSummary(
    Dataset dataset, Map<String, int[]> classCounts, Map<String, ChannelStatistics> statistics) {

  /** Mean, standard deviation, minimum and maximum per channel, over {@code images} images. */
  public record ChannelStatistics(
      int images, double[] mean, double[] std, double[] min, double[] max) {}

  public static DatasetSummary of(Dataset dataset, int statisticsLimit) {
    // train, then test, then any other split by name
    Comparator<String> order =
        Comparator.comparing((String s) -> !s.equals("train"))
            .thenComparing(s -> !s.equals("test"))
            .thenComparing(s -> s);
    Map<String, int[]> counts = new TreeMap<>(order);
    Map<String, ChannelStatistics> statistics = new TreeMap<>(order);
    for (String name : dataset.splitNames()) {
      Split split = dataset.split(name);
      int[] perClass = new int[dataset.numClasses()];
      for (int i = 0; i < split.size(); i++) {
        perClass[split.label(i)]++;
      }
      counts.put(name, perClass);
      statistics.put(name, statistics(split, dataset.shape(), statisticsLimit));
    }
    return new DatasetSummary(dataset, counts, statistics);
  }

  private static ChannelStatistics statistics(Split split, ImageShape shape, int limit) {
    int channels = shape.channels();
    double[] sum = new double[channels];
    double[] squares = new double[channels];
    double[] min = new double[channels];
    double[] max = new double[channels];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    int n = Math.min(limit, split.size());
    float[] image = new float[shape.size()];
    for (int k = 0; k < n; k++) {
      // Evenly spaced, so a class-sorted split is sampled across its classes; in index order,
      // which is the cheap order for a streamed split.
      split.copyImage((int) ((long) k * split.size() / n), image, 0);
      for (int i = 0; i < image.length; i++) {
        int c = i % channels;
        double v = image[i];
        sum[c] += v;
        squares[c] += v * v;
        min[c] = Math.min(min[c], v);
        max[c] = Math.max(max[c], v);
      }
    }
    double[] mean = new double[channels];
    double[] std = new double[channels];
    double perChannel = (double) n * shape.height() * shape.width();
    for (int c = 0; c < channels; c++) {
      mean[c] = n == 0 ? 0 : sum[c] / perChannel;
      std[c] = n == 0 ? 0 : Math.sqrt(Math.max(0, squares[c] / perChannel - mean[c] * mean[c]));
    }
    return new ChannelStatistics(n, mean, std, min, max);
  }

  /** The report, as a few aligned lines. */
  public String text() {
    StringBuilder out = new StringBuilder();
    List<String> splits = new ArrayList<>(classCounts.keySet());
    out.append(
        String.format(
            "dataset %s: images %s (height x width x channels), %d classes%n",
            dataset.name(), dataset.shape(), dataset.numClasses()));
    for (String split : splits) {
      out.append(String.format("  %-6s %,d images%n", split, dataset.split(split).size()));
    }
    int nameWidth =
        Math.max(5, dataset.classNames().stream().mapToInt(String::length).max().orElse(5));
    out.append(String.format("%nimages per class%n  %-4s %-" + nameWidth + "s", "k", "class"));
    splits.forEach(s -> out.append(String.format(" %10s", s)));
    out.append('\n');
    for (int k = 0; k < dataset.numClasses(); k++) {
      out.append(String.format("  %-4d %-" + nameWidth + "s", k, dataset.classNames().get(k)));
      for (String split : splits) {
        out.append(String.format(" %,10d", classCounts.get(split)[k]));
      }
      out.append('\n');
    }
    out.append(String.format("%nvalues the model sees, per channel%n"));
    for (String split : splits) {
      ChannelStatistics s = statistics.get(split);
      for (int c = 0; c < s.mean().length; c++) {
        out.append(
            String.format(
                "  %-6s channel %d: mean %.4f  std %.4f  min %.4f  max %.4f  (%,d images)%n",
                split, c, s.mean()[c], s.std()[c], s.min()[c], s.max()[c], s.images()));
      }
    }
    return out.toString();
  }
}
