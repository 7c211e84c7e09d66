package org.nclab.runtime.transfer;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.nclab.api.options.Options;
import org.nclab.api.probe.ClassifierWeights;
import org.nclab.api.probe.FeatureBatch;
import org.nclab.api.probe.Probe;
import org.nclab.api.probe.ProbeInput;

/**
 * NC1 of features held in memory, measured by the {@code nc} probe plugin (the same code that
 * measures runs, so transfer and probe figures agree). Without the plugin, NC1 is absent.
 */
public final class CollapseMeter {
  private static final String NC1 = "nc1";
  private static final int BATCH = 1024;

  private final Probe probe;
  private final Options options;

  /**
   * @param probe the {@code nc} probe, or null when its plugin is not installed
   */
  public CollapseMeter(Probe probe, Options options) {
    this.probe = probe;
    this.options = options;
  }

  /** A meter that measures nothing. */
  public static CollapseMeter none() {
    return new CollapseMeter(null, null);
  }

  /** NC1 of the rows, or null when there is no probe. */
  Double nc1(FeatureMatrix features, String split, String tap, int classes) {
    if (probe == null) {
      return null;
    }
    Map<String, Double> metrics = probe.measure(options, new Input(features, split, tap, classes));
    return metrics.get(NC1);
  }

  private record Input(FeatureMatrix features, String split, String tap, int numClasses)
      implements ProbeInput {
    @Override
    public int dim() {
      return features.dim();
    }

    @Override
    public int size() {
      return features.size();
    }

    @Override
    public Optional<ClassifierWeights> classifier() {
      return Optional.empty();
    }

    @Override
    public void forEachBatch(Consumer<FeatureBatch> consumer) {
      features.forEachBatch(BATCH, consumer);
    }
  }
}
