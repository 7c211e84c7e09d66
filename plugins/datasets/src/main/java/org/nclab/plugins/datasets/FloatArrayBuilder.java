package org.nclab.plugins.datasets;

import java.util.Arrays;

/**
 * A float array that grows as values arrive, for files that do not say how many they hold.
 *
 * <p>It starts small and doubles, so a file's size never decides an allocation up front, and it
 * stops at {@link Limits#MAX_ARRAY_LENGTH}: {@link #add} then returns false and the caller, who
 * knows the file, says what went wrong.
 */
final class FloatArrayBuilder {

  /** One 28x28 image's worth, rounded up: tiny class files stay tiny. */
  private static final int FIRST_CAPACITY = 1024;

  private float[] values = new float[FIRST_CAPACITY];
  private int size;

  /** Appends {@code value}; false, appending nothing, when one array cannot hold another. */
  boolean add(float value) {
    if (size == values.length) {
      if (size == Limits.MAX_ARRAY_LENGTH) {
        return false;
      }
      values = Arrays.copyOf(values, (int) Math.min(Limits.MAX_ARRAY_LENGTH, 2L * size));
    }
    values[size++] = value;
    return true;
  }

  int size() {
    return size;
  }

  /** The values added, in an array of exactly {@link #size()}. */
  float[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
