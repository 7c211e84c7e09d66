package org.nclab.runtime.config;

import com.google.common.collect.ImmutableSet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.nclab.api.options.OptionSpec;

/**
 * Checks one TOML table against the {@link OptionSpec}s that its owner declares: the single
 * validation path for core sections ({@code [train]}) and extensions ({@code [dataset]}) alike.
 * Unknown keys, missing required options and values that {@link OptionSpec#coerce} refuses are all
 * reported; the table is always checked to its end.
 */
final class OptionTableValidator {
  private final ProblemCollector problems;
  private final Path pathBase;

  /**
   * @param pathBase the config file's folder, against which relative PATH options resolve
   */
  OptionTableValidator(ProblemCollector problems, Path pathBase) {
    this.problems = problems;
    this.pathBase = pathBase;
  }

  /**
   * @param tablePath the table's key path ({@code train}, {@code regularizer[1]})
   * @param owner how messages name whose options these are ({@code [train]}, {@code dataset 'idx'})
   * @param reservedKeys keys allowed beside the specs because the caller checks them ({@code id})
   * @return the valid values in declaration order, defaults applied, PATHs absolute; an option with
   *     a problem is left out (the caller must not build from a table with problems)
   */
  Map<String, Object> validate(
      String tablePath,
      String owner,
      Map<String, ?> table,
      List<OptionSpec> specs,
      Set<String> reservedKeys) {
    Set<String> names = specs.stream().map(OptionSpec::name).collect(Collectors.toSet());
    for (String key : table.keySet()) {
      if (!names.contains(key) && !reservedKeys.contains(key)) {
        problems.add(KeyPaths.join(tablePath, key), unknownKey(owner, key, specs, reservedKeys));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (OptionSpec spec : specs) {
      String keyPath = KeyPaths.join(tablePath, spec.name());
      Object raw = table.containsKey(spec.name()) ? table.get(spec.name()) : spec.defaultValue();
      if (raw == null) {
        problems.add(
            keyPath,
            "missing; "
                + owner
                + " requires it ("
                + spec.doc()
                + "); add "
                + spec.name()
                + " = <"
                + spec.type().tomlName()
                + ">");
        continue;
      }
      Object value = spec.coerce(raw);
      if (value instanceof OptionSpec.Invalid invalid) {
        String nearChoice =
            raw instanceof String s ? Suggestions.didYouMean(s, spec.choices()) : "";
        problems.add(keyPath, invalid.reason() + nearChoice);
      } else {
        values.put(spec.name(), value instanceof Path path ? absolute(path) : value);
      }
    }
    return values;
  }

  private Path absolute(Path path) {
    return pathBase.resolve(path).normalize();
  }

  private static String unknownKey(
      String owner, String key, List<OptionSpec> specs, Set<String> reservedKeys) {
    Set<String> accepted =
        ImmutableSet.<String>builder()
            .addAll(reservedKeys)
            .addAll(specs.stream().map(OptionSpec::name).toList())
            .build();
    String message = owner + " has no option '" + key + "'";
    var suggestion = Suggestions.closest(key, accepted);
    if (suggestion.isPresent()) {
      return message + "; did you mean '" + suggestion.get() + "'?";
    }
    var section = CoreSections.sectionOf(key);
    if (section.isPresent()) {
      return message + "; '" + key + "' belongs in [" + section.get() + "]";
    }
    return message
        + (accepted.isEmpty() ? "; it takes none" : "; it accepts " + String.join(", ", accepted));
  }
}
