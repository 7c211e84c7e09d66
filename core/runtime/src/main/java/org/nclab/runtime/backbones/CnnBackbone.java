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
import org.nclab.api.options.OptionConflict;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;
import org.nclab.api.options.Options;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A plain convolutional network: blocks of 3x3 convolution (no bias: batch norm's beta does that
 * job), batch norm and ReLU, with 2x2 max pooling after chosen blocks, then global average pooling.
 * The defaults are the reference "cnn" of the performance comparison: widths 64, 64, 128 with
 * pooling after blocks 2 and 3, 112,970 parameters with a 10-class classifier.
 */
@Extension
public final class CnnBackbone implements BackboneProvider {

  @Override
  public String id() {
    return "cnn";
  }

  @Override
  public String summary() {
    return "3x3 conv + batch norm + ReLU blocks with max pooling, global average pooled";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.of("widths", OptionType.INT_LIST, "output channels of each conv block")
            .defaultValue(List.of(64L, 64L, 128L))
            .range(1, 4096),
        OptionSpec.of(
                "pool_after", OptionType.INT_LIST, "1-based blocks followed by 2x2 max pooling")
            .defaultValue(List.of(2L, 3L))
            .range(1, 64));
  }

  @Override
  public List<OptionConflict> conflicts(Options options) {
    int blocks = options.getIntList("widths").size();
    List<Integer> beyond =
        options.getIntList("pool_after").stream().filter(b -> b > blocks).toList();
    if (blocks == 0 || beyond.isEmpty()) {
      return List.of();
    }
    return List.of(
        new OptionConflict(
            List.of("widths", "pool_after"),
            "widths has "
                + blocks
                + (blocks == 1 ? " block" : " blocks")
                + " but pool_after pools after block "
                + beyond.get(0)
                + "; give pool_after only block numbers from 1 to "
                + blocks
                + " (e.g. pool_after = "
                + (blocks == 1 ? "[1]" : "[" + (blocks - 1) + ", " + blocks + "]")
                + ") or widths more blocks"));
  }

  @Override
  public BackboneOutput build(
      Options options, GraphContext ctx, Operand<TFloat32> images, ImageShape shape) {
    List<Integer> widths = options.getIntList("widths");
    List<Integer> poolAfter = options.getIntList("pool_after");
    if (widths.isEmpty()) {
      throw new UserException(
          "model.widths is empty; give at least one block width, e.g. [32, 64]");
    }
    for (int block : poolAfter) {
      if (block > widths.size()) {
        throw new UserException(
            "model.pool_after names block "
                + block
                + " but there are "
                + widths.size()
                + " blocks; use numbers from 1 to "
                + widths.size());
      }
    }
    Operand<TFloat32> x = images;
    List<Tap> taps = new ArrayList<>();
    for (int i = 0; i < widths.size(); i++) {
      GraphContext block = ctx.scope(Blocks.name(i));
      x = Layers.conv2d(block, "conv", x, widths.get(i), 3, 1, false);
      x = Layers.batchNorm(block, "bn", x);
      x = Layers.relu(block, x);
      if (poolAfter.contains(i + 1)) {
        x = Layers.maxPool(block, x, 2);
      }
      taps.add(new Tap(Blocks.name(i), x));
    }
    return new BackboneOutput(Layers.globalAveragePool(ctx, x), taps);
  }
}
