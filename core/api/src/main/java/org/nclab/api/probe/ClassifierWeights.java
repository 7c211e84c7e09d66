package org.nclab.api.probe;

/**
 * The linear classifier on top of a tap: logits = W x + b.
 *
 * @param weights K rows of d values (W, row-major, float64 copies)
 * @param bias K values
 */
public record ClassifierWeights(double[] weights, double[] bias, int numClasses, int dim) {}
