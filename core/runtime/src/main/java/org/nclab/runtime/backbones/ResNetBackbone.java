package org.nclab.runtime.backbones;

import java.util.ArrayList;
import java.util.Collections;
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
 * A ResNet of basic blocks (two 3x3 conv + batch norm, identity or 1x1 projection shortcut).
 *
 * <p>The stem is a 3x3 conv for small images (28x28, 32x32; CIFAR-style) and a 7x7 stride-2 conv
 * with max pooling for larger ones (ImageNet-style). Each stage starts with stride 2 except the
 * first. Blocks are numbered across stages (block1, block2, ...). Defaults give the reference
 * "resnet8": widths 16/32/64, one block per stage, 77,754 parameters with a 10-class classifier on
 * 28x28x1.
 */
@Extension
public final class ResNetBackbone implements BackboneProvider {

  @Override
  public String id() {
    return "resnet";
  }

  @Override
  public String summary() {
    return "ResNet of basic blocks; stages of configurable depth and width, small-image stem";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.of("widths", OptionType.INT_LIST, "channels of each stage")
            .defaultValue(List.of(16L, 32L, 64L))
            .range(1, 4096),
        OptionSpec.of(
                "blocks", OptionType.INT_LIST, "basic blocks in each stage (ResNet-18: [2,2,2,2])")
            .defaultValue(List.of(1L, 1L, 1L))
            .range(1, 64),
        OptionSpec.string(
                "stem", "'small' 3x3 stem, 'large' 7x7/2 + max pool, or 'auto' by image size")
            .defaultValue("auto")
            .oneOf("auto", "small", "large"));
  }

  @Override
  public List<OptionConflict> conflicts(Options options) {
    int widths = options.getIntList("widths").size();
    int blocks = options.getIntList("blocks").size();
    if (widths == blocks || widths == 0) {
      return List.of();
    }
    return List.of(
        new OptionConflict(
            List.of("widths", "blocks"),
            "widths has "
                + widths
                + " stages but blocks has "
                + blocks
                + " block counts; give one block count per"
                + " stage width, e.g. blocks = "
                + Collections.nCopies(widths, 1)));
  }

  @Override
  public BackboneOutput build(
      Options options, GraphContext ctx, Operand<TFloat32> images, ImageShape shape) {
    List<Integer> widths = options.getIntList("widths");
    List<Integer> blocks = options.getIntList("blocks");
    if (widths.isEmpty() || widths.size() != blocks.size()) {
      throw new UserException(
          "model.widths has "
              + widths.size()
              + " stages and model.blocks "
              + blocks.size()
              + "; give one block count per stage width");
    }
    String stem = options.getString("stem");
    boolean large = stem.equals("large") || (stem.equals("auto") && shape.height() > 64);

    GraphContext stemCtx = ctx.scope("stem");
    Operand<TFloat32> x =
        Layers.conv2d(stemCtx, "conv", images, widths.get(0), large ? 7 : 3, large ? 2 : 1, false);
    x = Layers.relu(stemCtx, Layers.batchNorm(stemCtx, "bn", x));
    if (large) {
      x = Layers.maxPool(stemCtx, x, 2);
    }

    List<Tap> taps = new ArrayList<>();
    for (int stage = 0; stage < widths.size(); stage++) {
      for (int b = 0; b < blocks.get(stage); b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        String name = Blocks.name(taps.size());
        x = basicBlock(ctx.scope(name), x, widths.get(stage), stride);
        taps.add(new Tap(name, x));
      }
    }
    return new BackboneOutput(Layers.globalAveragePool(ctx, x), taps);
  }

  /** relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)). */
  static Operand<TFloat32> basicBlock(
      GraphContext ctx, Operand<TFloat32> x, int width, int stride) {
    long inWidth = x.shape().get(x.shape().numDimensions() - 1);
    Operand<TFloat32> y = Layers.conv2d(ctx, "conv1", x, width, 3, stride, false);
    y = Layers.relu(ctx, Layers.batchNorm(ctx, "bn1", y));
    y = Layers.conv2d(ctx, "conv2", y, width, 3, 1, false);
    y = Layers.batchNorm(ctx, "bn2", y);
    Operand<TFloat32> shortcut = x;
    if (stride != 1 || inWidth != width) {
      shortcut = Layers.conv2d(ctx, "shortcut_conv", x, width, 1, stride, false);
      shortcut = Layers.batchNorm(ctx, "shortcut_bn", shortcut);
    }
    return Layers.relu(ctx, ctx.tf().math.add(y, shortcut));
  }
}
