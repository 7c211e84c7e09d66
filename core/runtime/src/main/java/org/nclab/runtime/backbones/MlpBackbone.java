package org.nclab.runtime.backbones;

import java.util.ArrayList;
import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.Layers;
import org.nclab.api.model.BackboneOutput;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.model.Tap;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;
import org.nclab.api.options.Options;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A multi-layer perceptron on flattened images: each block is dense, batch norm, ReLU. */
@Extension
public final class MlpBackbone implements BackboneProvider {

  @Override
  public String id() {
    return "mlp";
  }

  @Override
  public String summary() {
    return "multi-layer perceptron on flattened pixels (dense + batch norm + ReLU per block)";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.of("hidden", OptionType.INT_LIST, "width of each hidden block, input to output")
            .defaultValue(List.of(512L, 256L))
            .range(1, 65536),
        OptionSpec.bool("batch_norm", "batch normalisation after each dense layer")
            .defaultValue(true));
  }

  @Override
  public BackboneOutput build(
      Options options, GraphContext ctx, Operand<TFloat32> images, ImageShape shape) {
    List<Integer> hidden = options.getIntList("hidden");
    boolean batchNorm = options.getBool("batch_norm");
    if (hidden.isEmpty()) {
      throw new UserException("model.hidden is empty; give at least one block width");
    }
    Operand<TFloat32> x = Layers.flatten(ctx, images);
    List<Tap> taps = new ArrayList<>();
    for (int i = 0; i < hidden.size(); i++) {
      GraphContext block = ctx.scope(Blocks.name(i));
      x = Layers.dense(block, "dense", x, hidden.get(i), !batchNorm);
      if (batchNorm) {
        x = Layers.batchNorm(block, "bn", x);
      }
      x = Layers.relu(block, x);
      taps.add(new Tap(Blocks.name(i), x));
    }
    return new BackboneOutput(x, taps);
  }
}
