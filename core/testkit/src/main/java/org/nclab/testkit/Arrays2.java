package org.nclab.testkit;

/** float32 and float64 conversions between TensorFlow's flat buffers and a test's rows. */
final class Arrays2 {
  private Arrays2() {}

  static float[][] toFloat(double[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new float[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        out[i][j] = (float) rows[i][j];
      }
    }
    return out;
  }

  static double[][] rows(float[] flat, int columns) {
    double[][] out = new double[flat.length / columns][columns];
    for (int i = 0; i < flat.length; i++) {
      out[i / columns][i % columns] = flat[i];
    }
    return out;
  }

  static double[][] copy(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
    }
    return out;
  }
}
