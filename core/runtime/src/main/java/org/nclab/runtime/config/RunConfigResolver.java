package org.nclab.runtime.config;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.plugins.ExtensionKind;

/**
 * Validates a parsed config tree against nclab's schema (the top-level tables, the core sections
 * and the extensions they name) and builds the {@link RunConfig}. Every table is checked even after
 * a problem, so that one run reports everything.
 */
final class RunConfigResolver {
  private final Path source;
  private final Path workingDirectory;
  private final ProblemCollector problems;
  private final OptionTableValidator tables;
  private final ExtensionResolver extensions;

  /**
   * @param source the config file, absolute; PATH options resolve against its folder
   * @param workingDirectory what {@code run.output} resolves against
   */
  RunConfigResolver(
      Path source, Path workingDirectory, ExtensionCatalog catalog, ProblemCollector problems) {
    this.source = source;
    this.workingDirectory = workingDirectory;
    this.problems = problems;
    this.tables = new OptionTableValidator(problems, source.getParent());
    this.extensions = new ExtensionResolver(catalog, tables, problems);
  }

  /**
   * @throws ConfigException with every problem found, including those collected before
   */
  RunConfig resolve(Map<String, Object> tree) {
    checkTopLevelKeys(tree);
    Map<String, Object> run = section(tree, "run", CoreSections.runWithName(defaultName()));
    // A name the user wrote (a default from the file's name is judged when a folder is made, so
    // that commands that make none, like 'data describe', still read such a file).
    if (tree.get("run") instanceof Map<?, ?> written
        && written.containsKey("name")
        && run.get("name") instanceof String name) {
      RunNames.problem(name).ifPresent(why -> problems.add("run.name", why));
    }
    if (!(tree.get("run") instanceof Map<?, ?> written && written.containsKey("replicas"))) {
      run = withSlurmReplicas(run);
    }
    Optional<ExtensionUse> dataset = extensions.single(ExtensionKind.DATASET, tree.get("dataset"));
    Optional<ExtensionUse> model = extensions.single(ExtensionKind.MODEL, tree.get("model"));
    Map<String, Object> train = section(tree, "train", CoreSections.TRAIN);
    Map<String, Object> checkpoint = section(tree, "checkpoint", CoreSections.CHECKPOINT);
    List<ExtensionUse> regularizers = extensions.regularizers(tree.get("regularizer"));
    List<ExtensionUse> augmentations =
        extensions.optionalMany(
            ExtensionKind.AUGMENTATION, tree.get(ExtensionKind.AUGMENTATION.table()));
    List<ExtensionUse> probes =
        extensions.optionalMany(ExtensionKind.PROBE, tree.get(ExtensionKind.PROBE.table()));
    Map<String, Object> metrics = section(tree, "metrics", CoreSections.METRICS);
    if (run.get("replicas") instanceof Integer replicas
        && replicas > 1
        && train.get("batch_size") instanceof Integer batch
        && batch % replicas != 0) {
      problems.add(
          "run.replicas",
          "each batch is split into "
              + replicas
              + " equal shares, but train.batch_size = "
              + batch
              + " does not divide by "
              + replicas
              + "; set train.batch_size to a multiple of "
              + replicas
              + " (e.g. "
              + (batch + replicas - batch % replicas)
              + ") or replicas to a divisor of "
              + batch);
    }
    problems.throwIfAny();

    Path output = workingDirectory.resolve((String) run.get("output")).normalize();
    ImmutableMap.Builder<String, Object> resolvedTables =
        ImmutableMap.<String, Object>builder()
            .put(
                "run",
                ImmutableMap.builder()
                    .put("name", run.get("name"))
                    .put("seed", run.get("seed"))
                    .put("output", output)
                    .putAll(sessionKeys(run))
                    .buildOrThrow())
            .put("dataset", tableOf(dataset.orElseThrow()))
            .put("model", tableOf(model.orElseThrow()))
            .put("train", ImmutableMap.copyOf(train))
            .put("checkpoint", ImmutableMap.copyOf(checkpoint))
            .put("regularizer", regularizers.stream().map(RunConfigResolver::tableOf).toList());
    if (!augmentations.isEmpty()) {
      resolvedTables.put(
          ExtensionKind.AUGMENTATION.table(),
          augmentations.stream().map(RunConfigResolver::tableOf).toList());
    }
    if (!probes.isEmpty()) {
      resolvedTables.put("probe", probes.stream().map(RunConfigResolver::tableOf).toList());
    }
    resolvedTables.put("metrics", ImmutableMap.copyOf(metrics));
    Map<String, Object> resolved = resolvedTables.buildOrThrow();
    return new RunConfig(
        source,
        (String) run.get("name"),
        (Integer) run.get("seed"),
        output,
        dataset.orElseThrow(),
        model.orElseThrow(),
        new Options("train", train),
        new Options("checkpoint", checkpoint),
        regularizers,
        augmentations,
        probes,
        new Options("metrics", metrics),
        resolved);
  }

  /**
   * Only the {@code [dataset]} table and {@code run.seed}, which draws its subsets: what {@code
   * nclab data describe} needs from any config kind that has a dataset.
   */
  ConfigLoader.DatasetTable resolveDataset(Map<String, Object> tree) {
    Map<String, Object> run = section(tree, "run", CoreSections.runWithName(defaultName()));
    Optional<ExtensionUse> dataset = extensions.single(ExtensionKind.DATASET, tree.get("dataset"));
    problems.throwIfAny();
    return new ConfigLoader.DatasetTable(dataset.orElseThrow(), (Integer) run.get("seed"));
  }

  /**
   * {@code run} with {@code replicas} set to the GPUs per task of the Slurm job this runs in
   * (nclab's batch scripts export them), or unchanged outside such a job.
   */
  private static Map<String, Object> withSlurmReplicas(Map<String, Object> run) {
    String gpus = System.getenv(CoreSections.SLURM_GPUS_ENV);
    if (gpus == null || !gpus.matches("[1-9][0-9]{0,2}") || !run.containsKey("replicas")) {
      return run;
    }
    Map<String, Object> implied = new LinkedHashMap<>(run);
    implied.put("replicas", Integer.parseInt(gpus));
    return implied;
  }

  /** The [run] keys that say how TensorFlow runs the graph (SessionSettings reads them back). */
  private static Map<String, Object> sessionKeys(Map<String, Object> run) {
    Map<String, Object> keys = new LinkedHashMap<>(run);
    keys.keySet().removeAll(List.of("name", "seed", "output"));
    return keys;
  }

  private String defaultName() {
    String file = source.getFileName().toString();
    return file.endsWith(".toml") ? file.substring(0, file.length() - ".toml".length()) : file;
  }

  private Map<String, Object> section(
      Map<String, Object> tree, String name, List<OptionSpec> specs) {
    return TableShapes.table(name, "[" + name + "]", false, tree.get(name), problems)
        .map(table -> tables.validate(name, "[" + name + "]", table, specs, Set.of()))
        .orElse(Map.of());
  }

  private static Map<String, Object> tableOf(ExtensionUse use) {
    return ImmutableMap.<String, Object>builder()
        .put("id", use.id())
        .putAll(use.common().asMap())
        .putAll(use.options().asMap())
        .buildOrThrow();
  }

  private void checkTopLevelKeys(Map<String, Object> tree) {
    for (String key : new TreeSet<>(tree.keySet())) {
      if (CoreSections.TABLES.contains(key)) {
        continue;
      }
      Object value = tree.get(key);
      if (value instanceof Map || TableShapes.isArrayOfTables(value)) {
        problems.add(
            key,
            "unknown table ["
                + key
                + "]; "
                + Suggestions.closest(key, CoreSections.TABLES)
                    .map(t -> "did you mean [" + t + "]?")
                    .orElse("nclab reads " + tableList()));
      } else {
        problems.add(
            key,
            "unknown top-level key"
                + CoreSections.sectionOf(key)
                    .map(s -> "; '" + key + "' belongs in [" + s + "]: move it under [" + s + "]")
                    .orElse(
                        "; keys above the first [table] header are top-level, and nclab reads none:"
                            + " move it under its table"));
      }
    }
  }

  private static String tableList() {
    return CoreSections.TABLES.stream()
        .map(t -> CoreSections.ARRAY_TABLES.contains(t) ? "[[" + t + "]]" : "[" + t + "]")
        .collect(Collectors.joining(", "));
  }
}
