package org.nclab.runtime.train;

import java.util.List;
import java.util.Map;
import org.nclab.api.data.ImageShape;
import org.nclab.api.options.Options;
import org.nclab.runtime.backbones.CnnBackbone;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.WeightedRegularizer;
import org.nclab.runtime.losses.CrossEntropyRegularizer;

/** A small CNN on 12x12x1 images with 4 classes and settings for a few quick epochs. */
public final class TrainerTestSupport {
  private static final ImageShape SHAPE = new ImageShape(12, 12, 1);

  private TrainerTestSupport() {}

  public static TrainSettings settings(String optimizer, int epochs) {
    return new TrainSettings(
        epochs,
        32,
        64,
        5,
        false,
        new TrainSettings.OptimizerSettings(optimizer, 0.9, false, 5e-4, 0.9, 0.999, 1e-7),
        new TrainSettings.Schedule(
            "cosine", optimizer.equals("sgd") ? 0.05 : 0.003, 0.0, List.of(), 0.1));
  }

  public static ModelSpec spec(TrainSettings settings) {
    return spec(settings, List.of(8L, 16L));
  }

  /** The same CNN with one block per width (pooled after blocks 1 and 2). */
  public static ModelSpec spec(TrainSettings settings, List<Long> widths) {
    var cnn = new CnnBackbone();
    var ce = new CrossEntropyRegularizer();
    return ModelSpec.plain(
        SHAPE,
        4,
        cnn,
        Options.withDefaults(
            "model", cnn.options(), Map.of("widths", widths, "pool_after", List.of(1L, 2L))),
        List.of(
            new WeightedRegularizer(
                "ce", ce, Options.withDefaults("ce", List.of(), Map.of()), 1.0)),
        settings.buildOptimizer(),
        42);
  }
}
