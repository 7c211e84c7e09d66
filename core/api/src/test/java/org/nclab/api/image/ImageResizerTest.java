package org.nclab.api.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shared resizer and pixel scale against values worked out by hand. */
class ImageResizerTest {

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void halvingARowWeighsThreeNeighboursByTheWidenedTriangle() {
    // Scale 2: the triangle's half-width is 2 source pixels. Output 0 is centred at 1.0 and weighs
    // pixels 0, 1, 2 by 0.75, 0.75, 0.25: (0 + 75 + 50) / 1.75 = 71.4; output 1, centred at 3.0,
    // weighs 1, 2, 3 by 0.25, 0.75, 0.75: (25 + 150 + 30) / 1.75 = 117.1.
    ImageResizer resizer = new ImageResizer(1, 2, 1, ImageResizer.Mode.STRETCH);
    assertArrayEquals(
        bytes(71, 117), resizer.apply(new SourcePixels(bytes(0, 100, 200, 40), 1, 4, 1)));
  }

  @Test
  void cropKeepsTheCentreBoxOfTheTargetsAspect_exactlyWhenNoScalingIsLeft() {
    ImageResizer resizer = new ImageResizer(2, 2, 1, ImageResizer.Mode.CROP);
    byte[] source = bytes(1, 2, 3, 4, 5, 6, 7, 8);
    assertArrayEquals(bytes(2, 3, 6, 7), resizer.apply(new SourcePixels(source, 2, 4, 1)));
  }

  @Test
  void theTargetSizeIsCopied_andChannelsConvertByRepeatOrBt601Luma() {
    byte[] rgb = bytes(200, 100, 50, 0, 0, 255);
    assertArrayEquals(
        rgb,
        new ImageResizer(1, 2, 3, ImageResizer.Mode.NONE).apply(new SourcePixels(rgb, 1, 2, 3)));
    long first = Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50);
    long second = Math.round(0.114 * 255);
    assertArrayEquals(
        bytes((int) first, (int) second),
        new ImageResizer(1, 2, 1, ImageResizer.Mode.NONE).apply(new SourcePixels(rgb, 1, 2, 3)));
    assertArrayEquals(
        bytes(9, 9, 9, 250, 250, 250),
        new ImageResizer(1, 2, 3, ImageResizer.Mode.NONE)
            .apply(new SourcePixels(bytes(9, 250), 1, 2, 1)));
  }

  @Test
  void noneRefusesAnotherSizeWithTheSizes() {
    ImageResizer resizer = new ImageResizer(1, 2, 1, ImageResizer.Mode.named("none"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> resizer.apply(new SourcePixels(new byte[4], 1, 4, 1)));
    assertEquals("is 1x4, not 1x2 (resize = \"none\")", e.getMessage());
    assertEquals("none", resizer.mode().configName());
  }

  @Test
  void pixelScaleIsExactlyVOver255f_orTheGivenMeanAndStd() {
    float[] unit = PixelScale.unit(1).table(0);
    for (int v = 0; v < 256; v++) {
      assertEquals(v / 255f, unit[v]);
    }
    PixelScale given = new PixelScale(new double[] {0.5, 0}, new double[] {0.25, 1});
    assertEquals((float) ((200 / 255.0 - 0.5) / 0.25), given.table(0)[200]);
    assertEquals(200 / 255f, given.table(1)[200]);
    assertTrue(PixelScale.unit(3).isUnit());
    assertEquals("pixels / 255", PixelScale.unit(1).describe());
  }
}
