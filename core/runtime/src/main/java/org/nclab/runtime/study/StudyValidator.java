package org.nclab.runtime.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.runtime.config.ConfigException;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.ConfigProblem;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.config.TomlDocument;
import org.nclab.runtime.io.AtomicFiles;
import org.nclab.runtime.plugins.ExtensionCatalog;

/**
 * Checks, before anything runs, that every variant's config loads (the base config with the
 * variant's overrides, as {@code nclab train} will load it) and that every downstream {@code
 * [dataset]} table is valid. Every problem of every variant is reported at once, placed in the
 * study file where the offending override is written (or in the base config file).
 */
public final class StudyValidator {
  private final StudySpec spec;
  private final StudyReader reader;
  private final ExtensionCatalog catalog;

  public StudyValidator(StudySpec spec, StudyReader reader, ExtensionCatalog catalog) {
    this.spec = spec;
    this.reader = reader;
    this.catalog = catalog;
  }

  /**
   * The base config file the variants are trained from: the named one, or the inline tables written
   * to {@code STUDY/base.toml}.
   */
  public static Path baseConfigFile(StudySpec spec) {
    if (spec.base().file() != null) {
      return spec.base().file();
    }
    Path file = spec.folder().resolve("base.toml");
    AtomicFiles.writeString(
        file,
        "# The inline [base] of "
            + spec.file()
            + ", as a config file.\n\n"
            + TomlDocument.toToml(spec.base().inline()));
    return file;
  }

  /** The overrides that put a variant's run folder at {@code STUDY/runs/NAME}. */
  public static List<String> placement(StudySpec spec, StudySpec.Variant variant) {
    return List.of(
        "run.output=" + TomlDocument.tomlValue(spec.folder().resolve("runs").toString()),
        "run.name=" + TomlDocument.tomlValue(variant.name()));
  }

  /** Every variant's config as {@code nclab train} will resolve it; the problems of all at once. */
  public Map<String, RunConfig> check() {
    Path base = baseConfigFile(spec);
    Map<String, ConfigProblem> problems = new LinkedHashMap<>();
    Map<String, RunConfig> configs = new LinkedHashMap<>();
    for (StudySpec.Variant variant : spec.variants()) {
      List<String> overrides = new ArrayList<>(variant.overrides());
      overrides.addAll(placement(spec, variant));
      try {
        configs.put(variant.name(), new ConfigLoader().load(base, overrides, catalog));
      } catch (ConfigException e) {
        for (ConfigProblem problem : e.problems()) {
          ConfigProblem placed = place(problem, variant);
          problems.putIfAbsent(placed.toString(), placed);
        }
      }
    }
    for (int i = 0; i < spec.downstreams().size(); i++) {
      StudySpec.Downstream downstream = spec.downstreams().get(i);
      try {
        new ConfigLoader().load(base, List.of(), catalog, downstream.dataset());
      } catch (ConfigException e) {
        for (ConfigProblem problem : e.problems()) {
          ConfigProblem placed =
              problem.file().equals(downstream.dataset().toString())
                  ? problem
                  : reader.problemAt(
                      "downstream[" + i + "].dataset",
                      "downstream '" + downstream.name() + "': " + problem);
          problems.putIfAbsent(placed.toString(), placed);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(List.copyOf(problems.values()));
    }
    return configs;
  }

  private ConfigProblem place(ConfigProblem problem, StudySpec.Variant variant) {
    if (problem.fromOverride()) {
      for (StudySpec.Setting setting : variant.settings()) {
        if (within(problem.keyPath(), setting.key()) || within(setting.key(), problem.keyPath())) {
          return reader.problemAt(
              setting.where(),
              "variant '" + variant.group() + "': " + problem.keyPath() + ": " + problem.message());
        }
      }
      return reader.problemAt(
          "", "variant '" + variant.group() + "': " + problem.keyPath() + ": " + problem.message());
    }
    if (spec.base().inline() != null && !problem.keyPath().isEmpty()) {
      return reader.problemAt("base." + problem.keyPath(), problem.message());
    }
    return problem;
  }

  private static boolean within(String path, String ancestor) {
    return path.equals(ancestor)
        || path.startsWith(ancestor + ".")
        || path.startsWith(ancestor + "[");
  }
}
