package org.nclab.runtime.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** The key paths at which two resolved configs differ, for "refuses to resume" messages. */
public final class ConfigDiff {
  private ConfigDiff() {}

  public static List<String> between(Map<String, Object> before, Map<String, Object> after) {
    List<String> out = new ArrayList<>();
    compare("", before, after, out);
    return out;
  }

  private static void compare(String path, Object a, Object b, List<String> out) {
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      TreeSet<String> keys = new TreeSet<>();
      ma.keySet().forEach(k -> keys.add(k.toString()));
      mb.keySet().forEach(k -> keys.add(k.toString()));
      for (String key : keys) {
        compare(path.isEmpty() ? key : path + "." + key, ma.get(key), mb.get(key), out);
      }
    } else if (a instanceof List<?> la
        && b instanceof List<?> lb
        && la.size() == lb.size()
        && la.stream().allMatch(x -> x instanceof Map)
        && lb.stream().allMatch(x -> x instanceof Map)) {
      for (int i = 0; i < la.size(); i++) {
        compare(path + "[" + i + "]", la.get(i), lb.get(i), out);
      }
    } else if (!Objects.equals(normalise(a), normalise(b))) {
      out.add(path);
    }
  }

  /** Numbers compare by value (1 and 1.0 are one setting). */
  private static Object normalise(Object value) {
    return value instanceof Number n ? n.doubleValue() : value == null ? null : value.toString();
  }
}
