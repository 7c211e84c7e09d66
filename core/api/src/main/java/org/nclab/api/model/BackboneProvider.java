package org.nclab.api.model;

import org.nclab.api.Extension;
import org.nclab.api.data.ImageShape;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.options.Options;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Builds a network from images to a feature vector, named in a config's {@code [model]} table.
 *
 * <p>Life cycle: {@link #build} is called twice per run, for the training and the evaluation graph,
 * on the same {@link GraphContext} variables (see {@link GraphContext#variable}). Name each block's
 * scope {@code block1}, {@code block2}, ... and return its output as a {@link Tap}: that is what
 * layer-wise probes and layer fine-tuning address. The classifier is not part of the backbone; the
 * runtime adds it on {@link BackboneOutput#features()}.
 */
public interface BackboneProvider extends Extension {

  /**
   * @param options validated {@code [model]} options
   * @param ctx the context to build in (already scoped to {@code backbone})
   * @param images [N, H, W, C] float images
   * @param shape the shape of one image (H, W, C), so layers can be sized
   */
  BackboneOutput build(
      Options options, GraphContext ctx, Operand<TFloat32> images, ImageShape shape);
}
