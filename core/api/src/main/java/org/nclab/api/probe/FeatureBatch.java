package org.nclab.api.probe;

/**
 * A batch of feature vectors with their labels, row after row. The arrays are views into the
 * runtime's buffers, valid only during the call that hands them over: copy what you keep.
 *
 * @param features {@code size * dim} floats, row-major
 * @param labels {@code size} class indices in [0, K)
 * @param predictions the classifier's arg-max class per row, or null when the features have no
 *     classifier (intermediate taps)
 */
public record FeatureBatch(float[] features, int[] labels, int[] predictions, int size, int dim) {}
