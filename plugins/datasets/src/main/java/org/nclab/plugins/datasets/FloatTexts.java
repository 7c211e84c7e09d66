package org.nclab.plugins.datasets;

/**
 * The float values of short number texts already seen, so that a class file's repeated fractions
 * (mnist's 0.992, 0.988, ...) are converted once: turning a fraction into a float goes through a
 * String (Jackson's parser, then {@link Float#parseFloat}), and at millions of values that garbage
 * doubled the reading JVM's resident memory. Texts of up to 9 ASCII characters are packed into a
 * long key, 7 bits each; longer ones are not cached. Fixed size: a full table stops caching.
 */
final class FloatTexts {
  private static final int SLOTS = 1 << 12;
  private static final int MAX_LENGTH = 9;

  /** Packed text plus one (0 marks an empty slot). */
  private final long[] keys = new long[SLOTS];

  private final float[] values = new float[SLOTS];
  private int used;

  /** The key of {@code length} characters at {@code offset}, or 0 when it cannot be cached. */
  static long key(char[] text, int offset, int length) {
    if (length > MAX_LENGTH) {
      return 0;
    }
    long key = 0;
    for (int i = 0; i < length; i++) {
      char c = text[offset + i];
      if (c >= 0x80) {
        return 0;
      }
      key = key << 7 | c;
    }
    return key + 1;
  }

  /** The cached value of {@code key} (from {@link #key}, not 0), or NaN when there is none. */
  float get(long key) {
    for (int slot = slot(key); keys[slot] != 0; slot = (slot + 1) & (SLOTS - 1)) {
      if (keys[slot] == key) {
        return values[slot];
      }
    }
    return Float.NaN;
  }

  /** Remembers {@code value} for {@code key} while a quarter of the table is free. */
  void put(long key, float value) {
    if (used >= SLOTS * 3 / 4) {
      return;
    }
    int slot = slot(key);
    while (keys[slot] != 0) {
      slot = (slot + 1) & (SLOTS - 1);
    }
    keys[slot] = key;
    values[slot] = value;
    used++;
  }

  private static int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 52) & (SLOTS - 1);
  }
}
