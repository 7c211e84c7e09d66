package org.nclab.runtime.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nclab.api.options.Options;
import org.nclab.runtime.plugins.ExtensionCatalog;

/**
 * Resolves a transfer config's tree: checks {@code [transfer]}, refuses the tables a transfer does
 * not read, puts the pre-trained run's {@code [model]} (without projection head) in place, and
 * resolves the rest as a run config so every other table is checked exactly as for training.
 */
final class TransferConfigResolver {
  private final Path source;
  private final Path workingDirectory;
  private final ExtensionCatalog catalog;
  private final ProblemCollector problems;
  private final Function<Path, Map<String, Object>> modelTableOf;

  TransferConfigResolver(
      Path source,
      Path workingDirectory,
      ExtensionCatalog catalog,
      ProblemCollector problems,
      Function<Path, Map<String, Object>> modelTableOf) {
    this.source = source;
    this.workingDirectory = workingDirectory;
    this.catalog = catalog;
    this.problems = problems;
    this.modelTableOf = modelTableOf;
  }

  TransferConfig resolve(Map<String, Object> tree) {
    Object raw = tree.remove("transfer");
    Map<String, Object> transfer = Map.of();
    if (raw == null) {
      problems.add(
          "transfer",
          "missing [transfer] table; a transfer config names the pre-trained run with"
              + " [transfer] checkpoint = \"runs/NAME\"");
    } else {
      transfer =
          TableShapes.table("transfer", "[transfer]", false, raw, problems)
              .map(
                  t ->
                      new OptionTableValidator(problems, source.getParent())
                          .validate("transfer", "[transfer]", t, CoreSections.TRANSFER, Set.of()))
              .orElse(Map.of());
    }
    for (String table : new String[] {"model", "regularizer", "augmentation", "probe"}) {
      if (tree.remove(table) != null) {
        problems.add(
            table,
            "a transfer config has no ["
                + table
                + "]: the model is the pre-trained run's and"
                + " fine-tuning minimises cross-entropy; remove the table");
      }
    }
    Path sourceRun = null;
    if (transfer.get("checkpoint") instanceof String checkpoint) {
      sourceRun = workingDirectory.resolve(checkpoint).normalize();
      Path runConfig = sourceRun.resolve("config.toml");
      if (!Files.isRegularFile(runConfig)) {
        problems.add(
            "transfer.checkpoint",
            "'"
                + checkpoint
                + "' is not a run folder (no "
                + runConfig
                + "); name a folder written by 'nclab train', e.g. runs/quickstart");
      } else {
        tree.put("model", withoutHead(modelTableOf.apply(runConfig)));
      }
    }
    problems.throwIfAny();
    RunConfig downstream =
        new RunConfigResolver(source, workingDirectory, catalog, problems).resolve(tree);
    return new TransferConfig(downstream, sourceRun, new Options("transfer", transfer));
  }

  /** Transfer reads the backbone's features; the projection head stays behind with the old task. */
  private static Map<String, Object> withoutHead(Map<String, Object> model) {
    Map<String, Object> out = new LinkedHashMap<>(model);
    out.keySet().removeIf(key -> key.startsWith("head_"));
    return out;
  }
}
