package org.nclab.runtime.config;

/**
 * Key paths as nclab prints them: {@code train.epochs}, {@code regularizer[1].weight}. Indexes
 * count from 0, the same way {@code --set regularizer[0].weight=2} addresses them.
 */
final class KeyPaths {

  static String join(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String index(String arrayPath, int index) {
    return arrayPath + "[" + index + "]";
  }

  /** {@code regularizer[1].weight -> regularizer[1] -> regularizer -> ""}. */
  static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.endsWith("]") ? path.lastIndexOf('[') : -1);
    return cut < 0 ? "" : path.substring(0, cut);
  }

  /** Whether {@code path} is {@code ancestor} or lies inside it. */
  static boolean isWithin(String path, String ancestor) {
    return ancestor.isEmpty()
        || path.equals(ancestor)
        || (path.startsWith(ancestor)
            && (path.charAt(ancestor.length()) == '.' || path.charAt(ancestor.length()) == '['));
  }

  /** The last key: {@code regularizer[1].weight -> weight}. */
  static String lastKey(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private KeyPaths() {}
}
