package org.nclab.plugins.augment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.data.ImageShape;
import org.nclab.testkit.Extensions;
import org.nclab.testkit.TestGraph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class AugmentationsTest {
  private static final ImageShape SHAPE = new ImageShape(6, 5, 2);
  private static final int N = 8;

  /** Runs one augmentation on a fixed batch with a given step in a graph of its own. */
  private static float[] run(Augmentation augmentation, Map<String, ?> options, long step) {
    try (TestGraph g = new TestGraph()) {
      Ops tf = g.tf();
      Operand<TFloat32> images =
          tf.constant(
              Shape.of(N, SHAPE.height(), SHAPE.width(), SHAPE.channels()),
              DataBuffers.of(input()));
      Operand<TFloat32> out =
          augmentation.apply(
              Extensions.options(augmentation, options), g.augmentContext(SHAPE, step), images);
      try (var r = g.session().runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        assertEquals(Shape.of(N, SHAPE.height(), SHAPE.width(), SHAPE.channels()), t.shape());
        float[] values = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(values);
        return values;
      }
    }
  }

  private static float[] input() {
    float[] x = new float[N * SHAPE.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = ((i * 37) % 101) / 101f;
    }
    return x;
  }

  private static float at(float[] batch, int n, int y, int x, int c) {
    if (y < 0 || x < 0 || y >= SHAPE.height() || x >= SHAPE.width()) {
      return 0f;
    }
    return batch[((n * SHAPE.height() + y) * SHAPE.width() + x) * SHAPE.channels() + c];
  }

  /** What nclab checks before it calls one: id, summary, documented options, no "probability". */
  @Test
  void everyAugmentationIsWellDeclared() {
    all().forEach(Extensions::assertWellDeclared);
  }

  @Test
  void everyAugmentationIsAFunctionOfSeedAndStep() {
    for (Augmentation a : all()) {
      assertArrayEquals(
          run(a, Map.of(), 3), run(a, Map.of(), 3), a.id() + ": same step, same output");
      assertFalse(
          Arrays.equals(run(a, Map.of(), 3), run(a, Map.of(), 4)),
          a.id() + ": new step, new output");
    }
  }

  @Test
  void flipMirrorsAtProbabilityOneAndKeepsAtZero() {
    float[] in = input();
    float[] flipped = run(new HorizontalFlip(), Map.of("p", 1.0), 0);
    for (int n = 0; n < N; n++) {
      for (int y = 0; y < SHAPE.height(); y++) {
        for (int x = 0; x < SHAPE.width(); x++) {
          for (int c = 0; c < SHAPE.channels(); c++) {
            assertEquals(at(in, n, y, SHAPE.width() - 1 - x, c), at(flipped, n, y, x, c));
          }
        }
      }
    }
    assertArrayEquals(in, run(new HorizontalFlip(), Map.of("p", 0.0), 0));
  }

  @Test
  void randomCropIsAnExactShiftWithinThePadding() {
    float[] in = input();
    float[] out = run(new RandomCrop(), Map.of("padding", 2L), 5);
    for (int n = 0; n < N; n++) {
      boolean found = false;
      for (int dy = -2; dy <= 2 && !found; dy++) {
        for (int dx = -2; dx <= 2 && !found; dx++) {
          found = isShift(in, out, n, dy, dx);
        }
      }
      assertTrue(found, "example " + n + " is a shifted copy");
    }
    assertArrayEquals(in, run(new RandomCrop(), Map.of("padding", 0L), 5));
  }

  private static boolean isShift(float[] in, float[] out, int n, int dy, int dx) {
    for (int y = 0; y < SHAPE.height(); y++) {
      for (int x = 0; x < SHAPE.width(); x++) {
        for (int c = 0; c < SHAPE.channels(); c++) {
          if (Math.abs(at(out, n, y, x, c) - at(in, n, y + dy, x + dx, c)) > 1e-5) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Test
  void fullScaleResizedCropIsTheIdentity() {
    float[] out =
        run(
            new RandomResizedCrop(),
            Map.of("scale", List.of(1.0, 1.0), "ratio", List.of(1.0, 1.0)),
            1);
    float[] in = input();
    for (int i = 0; i < in.length; i++) {
      assertEquals(in[i], out[i], 1e-5);
    }
  }

  @Test
  void noiseHasTheRequestedSpread() {
    float[] in = input();
    float[] out = run(new GaussianNoise(), Map.of("std", 0.1), 2);
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < in.length; i++) {
      double d = out[i] - in[i];
      sum += d;
      squares += d * d;
    }
    double mean = sum / in.length;
    double std = Math.sqrt(squares / in.length - mean * mean);
    assertEquals(0.1, std, 0.02);
    assertEquals(0, mean, 0.02);
  }

  @Test
  void cutoutErasesOneSquarePerImage() {
    float[] in = input();
    float[] out = run(new Cutout(), Map.of("size", 0.5, "value", -1.0), 7);
    int erased = 0;
    for (int i = 0; i < in.length; i++) {
      if (out[i] == -1f) {
        erased++;
      } else {
        assertEquals(in[i], out[i]);
      }
    }
    assertTrue(erased > 0 && erased <= N * 3 * 3 * SHAPE.channels(), "erased " + erased);
    assertArrayEquals(in, run(new Cutout(), Map.of("size", 0.0), 7));
  }

  @Test
  void colorJitterWithZeroRangesIsTheIdentity() {
    float[] in = input();
    float[] out = run(new ColorJitter(), Map.of("brightness", 0.0, "contrast", 0.0), 1);
    for (int i = 0; i < in.length; i++) {
      assertEquals(in[i], out[i], 1e-6);
    }
  }

  private static List<Augmentation> all() {
    return List.of(
        new HorizontalFlip(),
        new RandomCrop(),
        new RandomResizedCrop(),
        new GaussianNoise(),
        new Cutout(),
        new ColorJitter());
  }
}
