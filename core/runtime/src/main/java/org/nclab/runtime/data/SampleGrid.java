package org.nclab.runtime.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.io.AtomicFiles;

/**
 * A PNG of sample images, one row per class, so a user sees what the model will see: the values the
 * split hands out, after resizing, channel conversion and normalisation. Values in [0, 1] are shown
 * as they are; normalised values are stretched from the grid's minimum to its maximum. Small images
 * are enlarged by an integer factor (nearest neighbour) so that a cell is at least 48 pixels.
 */
public final class SampleGrid {
  private static final int GAP = 2;

  private SampleGrid() {}

  /**
   * Writes up to {@code perClass} images of each class of {@code split} (the first ones in index
   * order) as a PNG; returns the number of images placed.
   */
  public static int write(
      Dataset dataset, String splitName, int perClass, int maxClasses, Path png) {
    Split split = dataset.split(splitName);
    ImageShape shape = dataset.shape();
    int classes = Math.min(maxClasses, dataset.numClasses());
    float[][][] cells = new float[classes][perClass][];
    int[] filled = new int[classes];
    int placed = 0;
    for (int i = 0; i < split.size() && placed < classes * perClass; i++) {
      int k = split.label(i);
      if (k < classes && filled[k] < perClass) {
        float[] image = new float[shape.size()];
        split.copyImage(i, image, 0);
        cells[k][filled[k]++] = image;
        placed++;
      }
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float[][] row : cells) {
      for (float[] image : row) {
        for (int i = 0; image != null && i < image.length; i++) {
          min = Math.min(min, image[i]);
          max = Math.max(max, image[i]);
        }
      }
    }
    boolean unit = min >= 0 && max <= 1;
    float low = unit ? 0 : min;
    float range = unit ? 1 : Math.max(1e-6f, max - min);
    int zoom = Math.max(1, (48 + shape.height() - 1) / shape.height());
    int cellH = shape.height() * zoom;
    int cellW = shape.width() * zoom;
    BufferedImage grid =
        new BufferedImage(
            perClass * (cellW + GAP) + GAP,
            classes * (cellH + GAP) + GAP,
            BufferedImage.TYPE_INT_RGB);
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < filled[k]; j++) {
        float[] image = cells[k][j];
        for (int y = 0; y < cellH; y++) {
          for (int x = 0; x < cellW; x++) {
            int at = ((y / zoom) * shape.width() + x / zoom) * shape.channels();
            int r = level(image[at], low, range);
            int g = shape.channels() >= 3 ? level(image[at + 1], low, range) : r;
            int b = shape.channels() >= 3 ? level(image[at + 2], low, range) : r;
            grid.setRGB(
                GAP + j * (cellW + GAP) + x, GAP + k * (cellH + GAP) + y, (r << 16) | (g << 8) | b);
          }
        }
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(grid, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicFiles.write(png, bytes.toByteArray());
    return placed;
  }

  private static int level(float value, float low, float range) {
    return Math.max(0, Math.min(255, Math.round((value - low) / range * 255)));
  }
}
