package org.nclab.runtime.config;

import com.moandjiezana.toml.Toml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nclab.runtime.plugins.ExtensionCatalog;

/**
 * Loads a run's TOML config strictly: every problem (syntax, TOML 1.0 forms that nclab's TOML 0.4
 * reader cannot read, unknown tables and keys, types, ranges, unknown extensions, bad {@code --set}
 * overrides) is found in one pass and reported together in a {@link ConfigException}, each with its
 * file, line and key path.
 *
 * <pre>{@code
 * RunConfig config = new ConfigLoader().load(Path.of("configs/quickstart.toml"),
 *     List.of("train.epochs=5"), catalog);
 * }</pre>
 */
public final class ConfigLoader {
  private final Path workingDirectory;

  /** A loader that resolves relative paths against the process's working directory. */
  public ConfigLoader() {
    this(Path.of("").toAbsolutePath());
  }

  /**
   * @param workingDirectory what relative config paths and {@code run.output} resolve against
   */
  public ConfigLoader(Path workingDirectory) {
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
  }

  /**
   * @param file the config, as the user named it (messages show it this way)
   * @param overrides {@code key.path=value} strings from {@code --set}, applied in order
   * @param catalog the extensions that {@code id}s may name
   * @throws ConfigException listing every problem found
   */
  public RunConfig load(Path file, List<String> overrides, ExtensionCatalog catalog) {
    return load(file, overrides, catalog, null);
  }

  /**
   * Loads {@code file} with its {@code [dataset]} table replaced by the one in {@code datasetFile}
   * (when not null): how a trained run is measured on other data, e.g. a downstream dataset.
   * Problems inside the replacement table are reported under the key path {@code dataset.*}.
   */
  public RunConfig load(
      Path file, List<String> overrides, ExtensionCatalog catalog, Path datasetFile) {
    Parsed config = parseFile(file);
    ConfigKind.require(config.tree(), file.toString(), ConfigKind.EXPERIMENT);
    if (datasetFile != null) {
      config.tree().put("dataset", datasetTable(datasetFile));
    }
    Overrides.apply(overrides, config.tree(), config.problems());
    return new RunConfigResolver(config.absolute(), workingDirectory, catalog, config.problems())
        .resolve(config.tree());
  }

  /** A config's {@code [dataset]} table and the seed that draws its class subsets and samples. */
  public record DatasetTable(ExtensionUse use, int seed) {}

  /**
   * The {@code [dataset]} table of an experiment, transfer or dataset config, with {@code --set}
   * overrides applied and checked, and nothing else of the file resolved.
   */
  public DatasetTable loadDataset(Path file, List<String> overrides, ExtensionCatalog catalog) {
    Parsed config = parseFile(file);
    ConfigKind.require(
        config.tree(),
        file.toString(),
        ConfigKind.EXPERIMENT,
        ConfigKind.DATASET,
        ConfigKind.TRANSFER);
    Overrides.apply(overrides, config.tree(), config.problems());
    return new RunConfigResolver(config.absolute(), workingDirectory, catalog, config.problems())
        .resolveDataset(config.tree());
  }

  /**
   * True when the file has a {@code [transfer]} table: a transfer config, for {@link
   * #loadTransfer(Path, List, ExtensionCatalog)}. Unreadable files answer false and are reported by
   * the load that follows.
   */
  public boolean isTransferConfig(Path file) {
    try {
      return parseFile(file).tree().get("transfer") instanceof Map;
    } catch (ConfigException unreadable) {
      return false;
    }
  }

  /**
   * A config file read and parsed, its problems so far collected (and not yet thrown, so that later
   * checks add theirs).
   */
  private record Parsed(Path absolute, Map<String, Object> tree, ProblemCollector problems) {}

  private Parsed parseFile(Path file) {
    String shownName = file.toString();
    Path absolute = workingDirectory.resolve(file).normalize();
    String text = read(absolute, shownName);
    Optional<TomlLimits.Violation> beyond = TomlLimits.check(text);
    if (beyond.isPresent()) {
      throw new ConfigException(
          List.of(new ConfigProblem(shownName, beyond.get().line(), "", beyond.get().message())));
    }
    TomlOutline outline = TomlOutline.of(text);
    ProblemCollector problems = new ProblemCollector(shownName, TomlLineIndex.of(outline));
    TomlPreflight.Result preflight = TomlPreflight.check(text, outline);
    preflight.findings().forEach(f -> problems.addAt(f.line(), f.keyPath(), f.message()));
    preflight.droppedStatements().forEach(problems::alreadyReported);
    return new Parsed(absolute, parse(preflight.readableSource(), problems), problems);
  }

  /**
   * Loads a transfer config: a run config whose {@code [transfer]} table names a pre-trained run,
   * whose {@code [dataset]} is the downstream data and whose {@code [train]} holds the fine-tuning
   * settings. The model is the pre-trained run's {@code [model]} without its projection head.
   */
  public TransferConfig loadTransfer(Path file, List<String> overrides, ExtensionCatalog catalog) {
    Parsed config = parseFile(file);
    // A lone [dataset] may be a transfer config being written: the resolver names the missing
    // [transfer].
    ConfigKind.require(config.tree(), file.toString(), ConfigKind.TRANSFER, ConfigKind.DATASET);
    Overrides.apply(overrides, config.tree(), config.problems());
    return new TransferConfigResolver(
            config.absolute(), workingDirectory, catalog, config.problems(), this::modelTableOf)
        .resolve(config.tree());
  }

  /**
   * A transfer config made from command-line flags: {@code transfer} holds the {@code [transfer]}
   * keys, {@code datasetFile} gives the downstream {@code [dataset]} table (problems are reported
   * against it).
   */
  public TransferConfig loadTransfer(
      Path datasetFile,
      String runName,
      Map<String, Object> transfer,
      List<String> overrides,
      ExtensionCatalog catalog) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("run", new LinkedHashMap<>(Map.of("name", runName)));
    tree.put("dataset", datasetTable(datasetFile));
    tree.put("transfer", new LinkedHashMap<>(transfer));
    Path absolute = workingDirectory.resolve(datasetFile).normalize();
    ProblemCollector problems =
        new ProblemCollector(
            datasetFile.toString(),
            TomlLineIndex.of(TomlOutline.of(read(absolute, datasetFile.toString()))));
    Overrides.apply(overrides, tree, problems);
    return new TransferConfigResolver(
            absolute, workingDirectory, catalog, problems, this::modelTableOf)
        .resolve(tree);
  }

  /** The {@code [model]} table of a run's resolved config, read without validating the rest. */
  private Map<String, Object> modelTableOf(Path runConfig) {
    Parsed config = parseFile(runConfig);
    config.problems().throwIfAny();
    if (!(config.tree().get("model") instanceof Map<?, ?> table)) {
      throw unreadable(
          runConfig.toString(),
          "has no [model] table; is this a run folder written by 'nclab train'?");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> model = (Map<String, Object>) table;
    return model;
  }

  /** The {@code [dataset]} table of another TOML file, checked like any config's text. */
  private Map<String, Object> datasetTable(Path datasetFile) {
    Parsed other = parseFile(datasetFile);
    other.problems().throwIfAny();
    ConfigKind.require(
        other.tree(),
        datasetFile.toString(),
        ConfigKind.DATASET,
        ConfigKind.EXPERIMENT,
        ConfigKind.TRANSFER);
    if (!(other.tree().get("dataset") instanceof Map<?, ?> table)) {
      throw unreadable(
          datasetFile.toString(),
          "has no [dataset] table; write one with id = \"...\" and its options");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> dataset = (Map<String, Object>) table;
    return dataset;
  }

  /** TOML4J's tree, made mutable for overrides; a syntax error ends the load. */
  static Map<String, Object> parse(String text, ProblemCollector problems) {
    try {
      return Overrides.mutableCopy(new Toml().read(text).toMap());
    } catch (IllegalStateException e) {
      TomlSyntaxError error = TomlSyntaxError.of(e);
      problems.addAt(error.line(), "", error.message());
    } catch (RuntimeException | StackOverflowError e) {
      // TOML4J's other failures (NumberFormatException for a number out of range, ...) carry no
      // line: the shortest prefix of the file that fails the same way ends on it.
      problems.addAt(failingLine(text, e.getClass()), "", TomlSyntaxError.unexpected(e));
    }
    problems.throwIfAny();
    throw new AssertionError("a syntax error was collected, so throwIfAny must throw");
  }

  /** The line whose addition makes TOML4J throw {@code kind}, by bisection over line prefixes. */
  private static int failingLine(String text, Class<?> kind) {
    String[] lines = text.split("\n", -1);
    int good = 0;
    int bad = lines.length;
    while (bad - good > 1) {
      int mid = (good + bad) >>> 1;
      if (throwsKind(String.join("\n", Arrays.asList(lines).subList(0, mid)), kind)) {
        bad = mid;
      } else {
        good = mid;
      }
    }
    return bad;
  }

  private static boolean throwsKind(String prefix, Class<?> kind) {
    try {
      new Toml().read(prefix);
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      return kind.isInstance(e);
    }
  }

  static String read(Path file, String shownName) {
    if (Files.isDirectory(file)) {
      throw unreadable(shownName, "is a folder, not a config file; name a .toml file");
    }
    try {
      String text = readBounded(file);
      // A byte order mark is invisible in editors but would be a syntax error before [run].
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException e) {
      throw unreadable(shownName, "no such file (looked for " + file + "); check the path");
    } catch (AccessDeniedException e) {
      throw unreadable(shownName, "permission denied; make the file readable");
    } catch (CharacterCodingException e) {
      throw unreadable(shownName, "not UTF-8 text; save the file as UTF-8");
    } catch (FileTooLong e) {
      throw unreadable(shownName, TomlLimits.tooLong());
    } catch (IOException e) {
      throw unreadable(shownName, "cannot read the file (" + e + ")");
    }
  }

  /**
   * The file as UTF-8, refusing one longer than {@link TomlLimits#MAX_CHARS} before reading it all
   * ({@code /dev/zero} never ends).
   */
  private static String readBounded(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(4 * TomlLimits.MAX_CHARS + 1);
    }
    if (bytes.length > 4 * TomlLimits.MAX_CHARS) {
      throw new FileTooLong();
    }
    String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    if (text.length() > TomlLimits.MAX_CHARS) {
      throw new FileTooLong();
    }
    return text;
  }

  /** A config file beyond the size limit. */
  private static final class FileTooLong extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private static ConfigException unreadable(String shownName, String why) {
    return new ConfigException(List.of(new ConfigProblem(shownName, -1, "", why)));
  }
}
