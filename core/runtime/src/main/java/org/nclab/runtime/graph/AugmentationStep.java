package org.nclab.runtime.graph;

import org.nclab.api.augment.Augmentation;
import org.nclab.api.options.Options;

/**
 * One step of the training pipeline as configured in an {@code [[augmentation]]} table.
 *
 * @param scope its op scope and seed name, unique per table ({@code augmentation0_flip})
 */
public record AugmentationStep(
    String scope, Augmentation augmentation, Options options, double probability) {}
