package org.nclab.runtime.run;

import java.util.ArrayList;
import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.graph.ProjectionHead;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.options.Options;
import org.nclab.api.train.Regularizer;
import org.nclab.runtime.config.ExtensionUse;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.data.DatasetSubsets;
import org.nclab.runtime.graph.AugmentationStep;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.WeightedRegularizer;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;

/**
 * A validated config with its dataset opened and its model specified: everything {@code train},
 * {@code validate} and {@code bench} share before they build a graph.
 */
public record Experiment(
    RunConfig config, Dataset dataset, ModelSpec spec, TrainSettings settings) {

  public static Experiment prepare(RunConfig config) {
    DatasetProvider provider = (DatasetProvider) config.dataset().extension();
    // Class subsets and few-shot samples work on any provider's data, so the runtime makes them.
    Dataset dataset =
        DatasetSubsets.apply(
            provider.open(config.dataset().options()), config.dataset().common(), config.seed());
    // Fail now, with the split names, not after the graph is built.
    for (String split : List.of(Trainer.TRAIN_SPLIT, Trainer.TEST_SPLIT)) {
      if (dataset.split(split).size() == 0) {
        throw new UserException(
            "the "
                + split
                + " split of dataset '"
                + dataset.name()
                + "' is empty; nclab trains on"
                + " 'train' and evaluates on 'test' every epoch: give both examples (for a dataset"
                + " without a test split, its hold-out option, e.g. dataset.test_fraction)");
      }
    }
    TrainSettings settings = TrainSettings.from(config.train());
    List<WeightedRegularizer> regularizers = new ArrayList<>();
    for (int i = 0; i < config.regularizers().size(); i++) {
      ExtensionUse use = config.regularizers().get(i);
      regularizers.add(
          new WeightedRegularizer(
              scopeName("regularizer", i, use.id()),
              (Regularizer) use.extension(),
              use.options(),
              use.weight(),
              use.keyPath()));
    }
    List<AugmentationStep> augmentations = new ArrayList<>();
    for (int i = 0; i < config.augmentations().size(); i++) {
      ExtensionUse use = config.augmentations().get(i);
      augmentations.add(
          new AugmentationStep(
              scopeName("augmentation", i, use.id()),
              (Augmentation) use.extension(),
              use.options(),
              use.common().getDouble("probability")));
    }
    ModelSpec spec =
        new ModelSpec(
                dataset.shape(),
                dataset.numClasses(),
                (BackboneProvider) config.model().extension(),
                config.model().options(),
                head(config.model().common()),
                augmentations,
                config.train().getInt("views"),
                config.train().getString("classifier").equals("detached"),
                regularizers,
                settings.buildOptimizer(),
                config.seed())
            .withReplication(
                Replicas.resolveOrSingle(config)); // train, validate, bench: PreRunChecks
    return new Experiment(config, dataset, spec, settings);
  }

  /** The projection head the {@code [model]} table's head keys describe, or null for none. */
  private static ProjectionHead head(Options model) {
    int depth = model.getInt("head_depth");
    return depth == 0
        ? null
        : new ProjectionHead(
            depth,
            model.getInt("head_width"),
            model.getInt("head_dim"),
            model.getBool("head_batch_norm"),
            model.getString("head_activation"));
  }

  /** A unique, valid op scope per table: {@code regularizer0_cross-entropy}. */
  private static String scopeName(String table, int index, String id) {
    return table + index + "_" + id.replaceAll("[^A-Za-z0-9_.\\-]", "_");
  }
}
