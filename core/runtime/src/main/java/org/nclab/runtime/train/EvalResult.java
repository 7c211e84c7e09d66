package org.nclab.runtime.train;

/** Loss and accuracy of one pass over a split. */
public record EvalResult(double loss, double accuracy, int examples) {}
