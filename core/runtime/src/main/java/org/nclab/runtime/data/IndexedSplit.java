package org.nclab.runtime.data;

import org.nclab.api.data.Split;

/**
 * Some examples of another split, in a given order, with their labels mapped to new class indices:
 * the building block of class subsets and few-shot samples. Nothing is copied; reads go to the
 * underlying split.
 */
final class IndexedSplit implements Split {
  private final Split base;
  private final int[] indices;
  private final int[] newLabel;

  /**
   * @param indices positions in {@code base}, each kept example once
   * @param newLabel the new class index of each old class index (identity for a plain sample)
   */
  IndexedSplit(Split base, int[] indices, int[] newLabel) {
    this.base = base;
    this.indices = indices;
    this.newLabel = newLabel;
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public int label(int index) {
    return newLabel[base.label(indices[index])];
  }

  @Override
  public void copyImage(int index, float[] dst, int offset) {
    base.copyImage(indices[index], dst, offset);
  }
}
