package org.nclab.runtime.train;

import org.tensorflow.types.TFloat32;

/** One batch as ready tensors: images [n, H, W, C] and one-hot labels [n, K]. Owns its tensors. */
public record Batch(TFloat32 images, TFloat32 labels, int size) implements AutoCloseable {

  @Override
  public void close() {
    images.close();
    labels.close();
  }
}
