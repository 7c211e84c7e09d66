package org.nclab.runtime.config;

import com.moandjiezana.toml.Toml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nclab.runtime.plugins.ExtensionKind;

/**
 * Applies {@code --set key.path=value} overrides to a parsed config tree before validation, so that
 * an overridden value is checked exactly like one written in the file. The value is read as a TOML
 * value ({@code 5}, {@code "x"}, {@code [1, 2]}); a bare word that is not TOML is taken as a
 * string, so that {@code --set model.id=cnn} works without shell-quoted quotes.
 */
final class Overrides {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_-]+)((?:\\[\\d+])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
  private static final String EXAMPLE =
      "e.g. --set train.epochs=5 or --set regularizer[0].weight=0.5";

  private final ProblemCollector problems;

  private Overrides(ProblemCollector problems) {
    this.problems = problems;
  }

  /** Applies each override to {@code tree} (which must be mutable, see {@link #mutableCopy}). */
  static void apply(List<String> overrides, Map<String, Object> tree, ProblemCollector problems) {
    Overrides applier = new Overrides(problems);
    for (String override : overrides) {
      applier.apply(override, tree);
    }
  }

  /** A deep copy of TOML4J's tree whose maps and lists accept overrides, in insertion order. */
  static Map<String, Object> mutableCopy(Map<String, Object> tree) {
    Map<String, Object> copy = new LinkedHashMap<>();
    tree.forEach((key, value) -> copy.put(key, mutableValue(value)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object mutableValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return mutableCopy((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(element -> copy.add(mutableValue(element)));
      return copy;
    }
    return value;
  }

  private void apply(String override, Map<String, Object> tree) {
    int equals = override.indexOf('=');
    if (equals < 0) {
      problems.addOverride(
          override.strip(), "no '=' in '" + override + "'; write --set key.path=value, " + EXAMPLE);
      return;
    }
    String path = override.substring(0, equals).strip();
    String text = override.substring(equals + 1).strip();
    List<Object> steps = steps(path);
    if (steps.isEmpty()) {
      problems.addOverride(path, "'" + path + "' is not a key path; " + EXAMPLE);
      return;
    }
    if (text.isEmpty()) {
      problems.addOverride(path, "no value after '='; write --set " + path + "=VALUE");
      return;
    }
    Object value = parseValue(path, text);
    if (value != null) {
      put(tree, path, steps, value);
    }
  }

  /** Names and indexes: {@code regularizer[1].weight -> ["regularizer", 1, "weight"]}. */
  private static List<Object> steps(String path) {
    List<Object> steps = new ArrayList<>();
    for (String segment : path.split("\\.", -1)) {
      Matcher matcher = SEGMENT.matcher(segment);
      if (!matcher.matches()) {
        return List.of();
      }
      steps.add(matcher.group(1));
      Matcher index = INDEX.matcher(matcher.group(2));
      while (index.find()) {
        steps.add(Integer.parseInt(index.group(1)));
      }
    }
    return steps;
  }

  /**
   * The TOML value, a bare word as a string, or null after reporting a malformed value. A value
   * that starts like TOML (a quote, bracket, digit or sign) gets the same preflight as the file, so
   * that {@code 0x10} or {@code "C:\\new"} is explained rather than misread.
   */
  private Object parseValue(String path, String text) {
    char first = text.charAt(0);
    boolean meantAsToml = "\"'[{+-.".indexOf(first) >= 0 || Character.isDigit(first);
    String statement = KeyPaths.lastKey(path).replaceAll("\\[\\d+]", "") + " = " + text;
    if (meantAsToml) {
      List<TomlPreflight.Finding> findings = TomlPreflight.check(statement).findings();
      if (!findings.isEmpty()) {
        problems.addOverride(path, findings.get(0).message());
        return null;
      }
    }
    Optional<TomlLimits.Violation> beyond = TomlLimits.check(statement);
    if (beyond.isPresent()) {
      problems.addOverride(path, beyond.get().message());
      return null;
    }
    try {
      Object value = new Toml().read(statement).toMap().values().stream().findFirst().orElse(null);
      if (value != null) {
        return value;
      }
    } catch (RuntimeException | StackOverflowError e) {
      if (!(e instanceof IllegalStateException)) {
        problems.addOverride(
            path, TomlSyntaxError.unexpected(e).replaceFirst("^TOML syntax error: ", ""));
        return null;
      }
      if (meantAsToml) {
        problems.addOverride(
            path,
            "'"
                + text
                + "' is not a TOML value; quote strings and close"
                + " brackets, e.g. --set run.name='\"x\"' or --set train.step_epochs=[30,60]");
        return null;
      }
    }
    return text; // a bare word: taken as a string, so that --set model.id=cnn needs no quotes
  }

  @SuppressWarnings("unchecked")
  private void put(Map<String, Object> tree, String path, List<Object> steps, Object value) {
    Object container = tree;
    String at = "";
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      boolean last = i == steps.size() - 1;
      if (step instanceof String key) {
        if (!(container instanceof Map)) {
          problems.addOverride(
              path,
              at
                  + " is "
                  + TableShapes.describe(container)
                  + ", not a table, so it has no key '"
                  + key
                  + "'");
          return;
        }
        Map<String, Object> table = (Map<String, Object>) container;
        at = KeyPaths.join(at, key);
        if (!table.containsKey(key)) {
          problems.markOverridden(
              at); // a table the file lacks: a problem with it is the override's
        }
        if (last || !table.containsKey(key)) {
          table.put(key, last ? value : emptyContainer(at, steps.get(i + 1)));
        }
        container = table.get(key);
      } else {
        int index = (Integer) step;
        if (!(container instanceof List)) {
          problems.addOverride(
              path,
              at
                  + " is "
                  + TableShapes.describe(container)
                  + ", not an array, so it has no ["
                  + index
                  + "]");
          return;
        }
        List<Object> list = (List<Object>) container;
        if (index > list.size()) {
          problems.addOverride(path, outOfRange(at, list.size(), index));
          return;
        }
        at = KeyPaths.index(at, index);
        if (index == list.size()) {
          problems.markOverridden(at);
          list.add(last ? value : emptyContainer(at, steps.get(i + 1)));
        } else if (last) {
          list.set(index, value);
        }
        container = list.get(index);
      }
    }
    problems.markOverridden(at);
  }

  private static String outOfRange(String array, int size, int index) {
    String change =
        switch (size) {
          case 0 -> "use ";
          case 1 -> "use [0] to change the one there, or ";
          default -> "use [0] to [" + (size - 1) + "] to change one, or ";
        };
    String fix = change + "[" + size + "] to add one";
    return array
        + " has "
        + size
        + (size == 1 ? " element" : " elements")
        + ", so ["
        + index
        + "] is out of range; "
        + fix;
  }

  /**
   * A new table or array for an override that reaches below a part the file does not have. An
   * unwritten {@code regularizer} array starts as the default one, so that {@code --set
   * regularizer[0].weight=2} tunes the default loss rather than replacing it.
   */
  private static Object emptyContainer(String path, Object nextStep) {
    if (!(nextStep instanceof Integer)) {
      return new LinkedHashMap<String, Object>();
    }
    List<Object> list = new ArrayList<>();
    if (path.equals(ExtensionKind.REGULARIZER.table())) {
      Map<String, Object> loss = new LinkedHashMap<>();
      loss.put("id", CoreSections.DEFAULT_REGULARIZER);
      list.add(loss);
    }
    return list;
  }
}
