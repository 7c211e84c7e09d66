package org.nclab.runtime.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nclab.runtime.config.ConfigException;
import org.nclab.runtime.config.ConfigKind;
import org.nclab.runtime.config.ConfigProblem;
import org.nclab.runtime.config.TomlDocument;
import org.nclab.runtime.slurm.SlurmSettings;

/**
 * Reads a study file strictly: every problem (unknown tables and keys, wrong types, missing names,
 * duplicate variant names, an empty study) is reported at once, each as {@code file:line: key.path:
 * what; fix}, like a run config's. The variants' overrides are checked against the base config
 * afterwards, by {@link StudyValidator}, with the plugins loaded.
 *
 * <pre>{@code
 * [study]                      # name, output, concurrency, retries, seed, bootstrap_resamples, probe_max_per_class,
 *                              # fit_line, executor, seeds = [1, 2, 3] (every variant once per seed)
 * [base]                       # config = "path.toml" (relative to this file), or the config's tables inline
 * [[variant]]                  # name, set = ['key.path = value', ...]
 * [[grid]]                     # key, values = [...], labels = [...]: every variant once per value
 * [[downstream]]               # name, dataset = "file with a [dataset] table"
 * [[transfer]]                 # method, shots, args
 * [executor.slurm]             # with [study] executor = "slurm": sbatch options (nclab describe executor.slurm)
 * }</pre>
 */
public final class StudyReader {
  static final List<String> METHODS = List.of("linear-probe", "full", "layer", "scl");
  private static final List<String> TABLES =
      List.of("study", "base", "variant", "grid", "downstream", "transfer", "executor");
  private static final List<String> STUDY_KEYS =
      List.of(
          "name",
          "output",
          "concurrency",
          "retries",
          "seed",
          "bootstrap_resamples",
          "probe_max_per_class",
          "fit_line",
          "executor",
          "seeds");
  static final List<String> EXECUTORS = List.of("local", "slurm");

  /**
   * One variant at a time by default: TensorFlow already spreads one training step over both cores
   * of these machines, so two trainings at once share the same two cores, need twice the memory,
   * and finish no sooner in total.
   */
  static final int DEFAULT_CONCURRENCY = 1;

  private final Path workingDirectory;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private TomlDocument document;

  public StudyReader(Path workingDirectory) {
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
  }

  /**
   * @throws ConfigException listing every problem of the file
   */
  public StudySpec read(Path file) {
    document = TomlDocument.read(file, workingDirectory);
    Map<String, Object> tree = document.tree();
    ConfigKind.require(tree, file.toString(), ConfigKind.STUDY);
    Path studyFile = workingDirectory.resolve(file).normalize();
    Path studyDir = studyFile.getParent();
    for (String key : tree.keySet()) {
      if (!TABLES.contains(key)) {
        problem(key, "unknown table; a study has " + TABLES);
      }
    }
    Map<String, Object> study = table(tree, "study");
    unknownKeys(study, "study", STUDY_KEYS);
    String defaultName = file.getFileName().toString().replaceFirst("\\.toml$", "");
    String name = string(study, "study", "name", defaultName);
    if (!Names.SAFE.matcher(name).matches()) {
      problem(
          "study.name",
          "\"" + name + "\" cannot name a folder; use letters, digits, '.', '_' and '-'");
    }
    Path output = workingDirectory.resolve(string(study, "study", "output", "studies"));
    int concurrency = integer(study, "study", "concurrency", DEFAULT_CONCURRENCY, 1, 64);
    int retries = integer(study, "study", "retries", 1, 0, 5);
    int seed = integer(study, "study", "seed", 7, 0, Integer.MAX_VALUE);
    int resamples = integer(study, "study", "bootstrap_resamples", 2000, 100, 1_000_000);
    int maxPerClass = integer(study, "study", "probe_max_per_class", 500, 0, 1_000_000);
    boolean fitLine = bool(study, "study", "fit_line", true);
    String executor = string(study, "study", "executor", "local");
    if (!EXECUTORS.contains(executor)) {
      problem(
          "study.executor", "unknown executor \"" + executor + "\"; expected one of " + EXECUTORS);
    }
    SlurmSettings slurm = slurm(tree, executor.equals("slurm"));

    StudySpec.Base base = base(tree, studyDir);
    List<StudySpec.Variant> variants = withSeeds(variants(tree), seeds(study));
    List<StudySpec.Downstream> downstreams = downstreams(tree, studyDir);
    List<StudySpec.TransferMethod> transfers = transfers(tree);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new StudySpec(
        Path.of(file.toString()),
        name,
        output.resolve(name).normalize(),
        new StudySpec.Execution(concurrency, retries, slurm),
        new StudySpec.Analysis(seed, resamples, maxPerClass, fitLine),
        base,
        variants,
        downstreams,
        transfers);
  }

  /**
   * {@code [executor.slurm]}, checked whenever it is written; null unless the executor is Slurm.
   */
  private SlurmSettings slurm(Map<String, Object> tree, boolean chosen) {
    Map<String, Object> executor = table(tree, "executor");
    for (String key : executor.keySet()) {
      if (!key.equals("slurm")) {
        problem(
            "executor." + key,
            "unknown executor table; write [executor.slurm] (executors: " + EXECUTORS + ")");
      }
    }
    Map<String, Object> options = table(executor, "slurm");
    SlurmSettings settings = SlurmSettings.of(options, this::problem);
    return chosen ? settings : null;
  }

  private StudySpec.Base base(Map<String, Object> tree, Path studyDir) {
    if (!tree.containsKey("base")) {
      problem(
          "",
          "no [base] table; write [base] with config = \"pretrain.toml\" (or the config's tables"
              + " inline as [base.model], ...)");
      return null;
    }
    Map<String, Object> base = table(tree, "base");
    Object config = base.get("config");
    Map<String, Object> inline = new LinkedHashMap<>(base);
    inline.remove("config");
    if (config != null) {
      if (!(config instanceof String path)) {
        problem("base.config", "expected a file name in quotes, got " + describe(config));
        return null;
      }
      if (!inline.isEmpty()) {
        problem(
            "base",
            "has both config = \""
                + path
                + "\" and inline tables "
                + inline.keySet()
                + "; use one: a file, or the tables inline");
      }
      Path file = studyDir.resolve(path).normalize();
      if (!Files.isRegularFile(file)) {
        problem(
            "base.config",
            "no such file (looked for "
                + file
                + "); the base config every variant is"
                + " trained from must exist: check the path, which is relative to the study file");
        return null;
      }
      return new StudySpec.Base(file, null);
    }
    if (inline.isEmpty()) {
      problem(
          "base",
          "is empty; set config = \"pretrain.toml\" or write the config's tables as [base.run],"
              + " [base.dataset], ...");
      return null;
    }
    return new StudySpec.Base(null, inline);
  }

  private List<StudySpec.Variant> variants(Map<String, Object> tree) {
    List<StudySpec.Variant> listed = new ArrayList<>();
    List<Map<String, Object>> tables = tables(tree, "variant");
    for (int i = 0; i < tables.size(); i++) {
      Map<String, Object> variant = tables.get(i);
      String at = "variant[" + i + "]";
      unknownKeys(variant, at, List.of("name", "set"));
      String name = requiredString(variant, at, "name", "name = \"supcon\"");
      if (name != null && !Names.SAFE.matcher(name).matches()) {
        problem(
            at + ".name",
            "\"" + name + "\" cannot name a run folder; use letters, digits, '.', '_' and '-'");
      }
      listed.add(new StudySpec.Variant(name == null ? "?" : name, settings(variant, at)));
    }
    List<GridAxis> axes = grid(tree);
    if (listed.isEmpty() && axes.isEmpty()) {
      problem("", "no [[variant]] tables and no [[grid]] axes; a study needs at least one of them");
      return List.of();
    }
    List<StudySpec.Variant> expanded =
        listed.isEmpty() ? List.of(new StudySpec.Variant("", List.of())) : listed;
    for (GridAxis axis : axes) {
      List<StudySpec.Variant> next = new ArrayList<>();
      for (StudySpec.Variant variant : expanded) {
        for (int v = 0; v < axis.values().size(); v++) {
          List<StudySpec.Setting> settings = new ArrayList<>(variant.settings());
          settings.add(new StudySpec.Setting(axis.key(), axis.values().get(v), axis.where()));
          String name =
              variant.name().isEmpty()
                  ? axis.labels().get(v)
                  : variant.name() + "_" + axis.labels().get(v);
          next.add(new StudySpec.Variant(name, settings));
        }
      }
      expanded = next;
    }
    Set<String> names = new LinkedHashSet<>();
    for (StudySpec.Variant variant : expanded) {
      if (!names.add(variant.name())) {
        problem(
            listed.isEmpty() ? "grid" : "variant",
            "two variants are named '"
                + variant.name()
                + "'; give every [[variant]] its own name (and grid axes distinct labels)");
      }
    }
    return expanded;
  }

  /**
   * {@code [[transfer]] shots}: one count, or several (one transfer each, a data-scarcity curve); a
   * list holding null when absent (all the training data).
   */
  private List<Integer> shots(Map<String, Object> table, String at) {
    Object value = table.get("shots");
    if (value == null) {
      return Collections.singletonList(null);
    }
    if (value instanceof Long) {
      return List.of(integer(table, at, "shots", 1, 1, 1_000_000));
    }
    if (value instanceof List<?> list
        && !list.isEmpty()
        && list.stream().allMatch(v -> v instanceof Long l && l >= 1 && l <= 1_000_000)
        && list.stream().distinct().count() == list.size()) {
      return list.stream().map(v -> ((Long) v).intValue()).toList();
    }
    problem(
        at + ".shots",
        "expected images per class: a whole number in [1, 1000000], or an array of distinct ones"
            + " such as shots = [1, 5, 10, 50], got "
            + describe(value));
    return List.of();
  }

  /** {@code [study] seeds}: distinct whole numbers, or null when the key is absent. */
  private List<Long> seeds(Map<String, Object> study) {
    Object value = study.get("seeds");
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list
        && !list.isEmpty()
        && list.stream().allMatch(v -> v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE)) {
      List<Long> seeds = list.stream().map(Long.class::cast).toList();
      if (new LinkedHashSet<>(seeds).size() == seeds.size()) {
        return seeds;
      }
      problem("study.seeds", "a seed is listed twice in " + seeds + "; list each seed once");
      return null;
    }
    problem(
        "study.seeds",
        "expected a non-empty array of whole numbers in [0, "
            + Integer.MAX_VALUE
            + "], got "
            + describe(value)
            + "; e.g. seeds = [1, 2, 3]");
    return null;
  }

  /**
   * Every variant once per seed: run {@code NAME_seedS} with {@code run.seed = S} set last, in the
   * group {@code NAME}. Without seeds, each variant is its own group and keeps its config's seed.
   */
  static List<StudySpec.Variant> withSeeds(List<StudySpec.Variant> variants, List<Long> seeds) {
    if (seeds == null) {
      return variants;
    }
    List<StudySpec.Variant> out = new ArrayList<>();
    for (StudySpec.Variant variant : variants) {
      for (long seed : seeds) {
        List<StudySpec.Setting> settings = new ArrayList<>(variant.settings());
        settings.add(new StudySpec.Setting("run.seed", Long.toString(seed), "study.seeds"));
        out.add(
            new StudySpec.Variant(
                variant.name() + "_seed" + seed, List.copyOf(settings), variant.name(), seed));
      }
    }
    return out;
  }

  private record GridAxis(String key, List<String> values, List<String> labels, String where) {}

  private List<GridAxis> grid(Map<String, Object> tree) {
    List<GridAxis> axes = new ArrayList<>();
    List<Map<String, Object>> tables = tables(tree, "grid");
    for (int i = 0; i < tables.size(); i++) {
      Map<String, Object> axis = tables.get(i);
      String at = "grid[" + i + "]";
      unknownKeys(axis, at, List.of("key", "values", "labels"));
      String key = requiredString(axis, at, "key", "key = \"train.epochs\"");
      Object values = axis.get("values");
      if (!(values instanceof List<?> list) || list.isEmpty()) {
        problem(
            values == null ? at : at + ".values",
            (values == null
                    ? "no values"
                    : "values must be a non-empty array, got " + describe(values))
                + "; write values = [4, 8] (any TOML values, one per variant)");
        continue;
      }
      List<String> texts = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (Object value : list) {
        texts.add(TomlDocument.tomlValue(value));
        labels.add(
            Names.safe(
                value instanceof List<?> l
                    ? String.join("-", l.stream().map(String::valueOf).toList())
                    : String.valueOf(value)));
      }
      Object given = axis.get("labels");
      if (given != null) {
        if (!(given instanceof List<?> l)
            || l.size() != list.size()
            || !l.stream().allMatch(String.class::isInstance)) {
          problem(
              at + ".labels",
              "expected " + list.size() + " strings, one per value, got " + describe(given));
        } else {
          labels = l.stream().map(String::valueOf).map(Names::safe).toList();
        }
      }
      if (key != null) {
        axes.add(new GridAxis(key, texts, labels, at + ".values"));
      }
    }
    return axes;
  }

  private List<StudySpec.Setting> settings(Map<String, Object> table, String at) {
    Object set = table.get("set");
    if (set == null) {
      return List.of();
    }
    if (!(set instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
      problem(
          at + ".set",
          "expected an array of 'key.path = value' strings, got "
              + describe(set)
              + "; e.g. set = ['train.epochs = 4', 'regularizer[0].id = \"mse\"']");
      return List.of();
    }
    List<StudySpec.Setting> settings = new ArrayList<>();
    for (Object entry : list) {
      String text = (String) entry;
      int equals = text.indexOf('=');
      if (equals <= 0) {
        problem(at + ".set", "'" + text + "' is not 'key.path = value'; e.g. 'train.epochs = 4'");
        continue;
      }
      settings.add(
          new StudySpec.Setting(
              text.substring(0, equals).strip(), text.substring(equals + 1).strip(), at + ".set"));
    }
    return settings;
  }

  private List<StudySpec.Downstream> downstreams(Map<String, Object> tree, Path studyDir) {
    List<StudySpec.Downstream> out = new ArrayList<>();
    List<Map<String, Object>> tables = tables(tree, "downstream");
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < tables.size(); i++) {
      Map<String, Object> table = tables.get(i);
      String at = "downstream[" + i + "]";
      unknownKeys(table, at, List.of("name", "dataset"));
      String name = requiredString(table, at, "name", "name = \"mnist\"");
      String dataset =
          requiredString(
              table,
              at,
              "dataset",
              "dataset = \"downstream-mnist.toml\" (a file with a [dataset] table)");
      if (name != null && !Names.SAFE.matcher(name).matches()) {
        problem(
            at + ".name",
            "\"" + name + "\" cannot name a file; use letters, digits, '.', '_' and '-'");
      } else if (name != null && !names.add(name)) {
        problem(at + ".name", "a second downstream named '" + name + "'; names must differ");
      }
      if (name != null && dataset != null) {
        out.add(new StudySpec.Downstream(name, studyDir.resolve(dataset).normalize()));
      }
    }
    return out;
  }

  private List<StudySpec.TransferMethod> transfers(Map<String, Object> tree) {
    List<StudySpec.TransferMethod> out = new ArrayList<>();
    List<Map<String, Object>> tables = tables(tree, "transfer");
    for (int i = 0; i < tables.size(); i++) {
      Map<String, Object> table = tables.get(i);
      String at = "transfer[" + i + "]";
      unknownKeys(table, at, List.of("method", "shots", "draws", "args"));
      String method = requiredString(table, at, "method", "method = \"linear-probe\"");
      if (method != null && !METHODS.contains(method)) {
        problem(at + ".method", "unknown method \"" + method + "\"; expected one of " + METHODS);
        method = null;
      }
      List<Integer> shots = shots(table, at);
      int draws = integer(table, at, "draws", 1, 1, 1000);
      if (draws > 1 && shots.contains(null)) {
        problem(
            at + ".draws",
            "draws are independent few-shot samples, but this transfer uses all the training data;"
                + " add shots, e.g. shots = [1, 5, 10, 50]");
      }
      Object args = table.getOrDefault("args", List.of());
      if (!(args instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
        problem(
            at + ".args",
            "expected an array of strings, e.g. args = [\"--block\", \"block2\"], got "
                + describe(args));
        continue;
      }
      if (method != null) {
        for (Integer perClass : shots) {
          out.add(
              new StudySpec.TransferMethod(
                  method,
                  perClass,
                  draws > 1 ? draws : null,
                  list.stream().map(String::valueOf).toList()));
        }
      }
    }
    if (!tables.isEmpty() && tables(tree, "downstream").isEmpty()) {
      problem("transfer", "transfer methods but no [[downstream]] dataset to transfer to; add one");
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> table(Map<String, Object> tree, String key) {
    Object value = tree.get(key);
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    problem(key, "expected a table [" + key + "], got " + describe(value));
    return Map.of();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> tables(Map<String, Object> tree, String key) {
    Object value = tree.get(key);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list && list.stream().allMatch(Map.class::isInstance)) {
      return (List<Map<String, Object>>) value;
    }
    problem(key, "expected tables written [[" + key + "]], got " + describe(value));
    return List.of();
  }

  private void unknownKeys(Map<String, Object> table, String at, List<String> known) {
    for (String key : table.keySet()) {
      if (!known.contains(key)) {
        problem(
            at + "." + key, "unknown key; [" + at.replaceAll("\\[\\d+]", "") + "] takes " + known);
      }
    }
  }

  private String string(Map<String, Object> table, String at, String key, String fallback) {
    Object value = table.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    problem(at + "." + key, "expected a non-empty string in quotes, got " + describe(value));
    return fallback;
  }

  private String requiredString(Map<String, Object> table, String at, String key, String example) {
    if (!table.containsKey(key)) {
      problem(at, "no " + key + "; write " + example);
      return null;
    }
    String value = string(table, at, key, null);
    return value;
  }

  private int integer(
      Map<String, Object> table, String at, String key, int fallback, int min, int max) {
    Object value = table.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Long l && l >= min && l <= max) {
      return l.intValue();
    }
    problem(
        at + "." + key,
        "expected a whole number in [" + min + ", " + max + "], got " + describe(value));
    return fallback;
  }

  private boolean bool(Map<String, Object> table, String at, String key, boolean fallback) {
    Object value = table.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    problem(at + "." + key, "expected true or false, got " + describe(value));
    return fallback;
  }

  private void problem(String keyPath, String message) {
    problems.add(document.problem(keyPath, message));
  }

  /** A problem placed in the study file read last (for problems found after reading it). */
  ConfigProblem problemAt(String keyPath, String message) {
    return document.problem(keyPath, message);
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    if (value instanceof Map<?, ?>) {
      return "a table";
    }
    return String.valueOf(value);
  }
}
