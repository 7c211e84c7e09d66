package org.nclab.runtime.config;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nclab.api.options.Options;

/**
 * A run's config, loaded and fully validated: every default applied, every extension found, every
 * path absolute. {@link ResolvedConfigWriter} writes {@link #resolved()} back as TOML, and loading
 * that file gives an equal config.
 *
 * <p>Equality is about what the run does. {@link #source()} only says where the config was read
 * from (the resolved copy in a run folder is another file with the same run), so it is left out.
 *
 * @param source the config file, absolute
 * @param output the folder that holds run folders, absolute
 * @param train values of {@link CoreSections#TRAIN}
 * @param checkpoint values of {@link CoreSections#CHECKPOINT}
 * @param regularizers in the order written; never empty
 * @param augmentations the {@code [[augmentation]]} pipeline in the order written; often empty
 * @param probes the {@code [[probe]]} tables in the order written; often empty
 * @param metrics values of {@link CoreSections#METRICS}: where figures go besides metrics.jsonl
 * @param resolved the whole config as nested maps and lists in TOML order, for writing back
 */
public record RunConfig(
    Path source,
    String name,
    long seed,
    Path output,
    ExtensionUse dataset,
    ExtensionUse model,
    Options train,
    Options checkpoint,
    List<ExtensionUse> regularizers,
    List<ExtensionUse> augmentations,
    List<ExtensionUse> probes,
    Options metrics,
    Map<String, Object> resolved) {

  public RunConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(metrics, "metrics");
    regularizers = List.copyOf(regularizers);
    augmentations = List.copyOf(augmentations);
    probes = List.copyOf(probes);
    resolved = ImmutableMap.copyOf(resolved); // keeps TOML order, unlike Map.copyOf
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RunConfig that
        && name.equals(that.name)
        && seed == that.seed
        && output.equals(that.output)
        && dataset.equals(that.dataset)
        && model.equals(that.model)
        && train.equals(that.train)
        && checkpoint.equals(that.checkpoint)
        && regularizers.equals(that.regularizers)
        && augmentations.equals(that.augmentations)
        && probes.equals(that.probes)
        && metrics.equals(that.metrics)
        && resolved.equals(that.resolved);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        seed,
        output,
        dataset,
        model,
        train,
        checkpoint,
        regularizers,
        augmentations,
        probes,
        metrics,
        resolved);
  }
}
