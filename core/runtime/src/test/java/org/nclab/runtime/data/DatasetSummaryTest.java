package org.nclab.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.ArraySplit;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;

class DatasetSummaryTest {
  private static final ImageShape SHAPE = new ImageShape(2, 2, 1);

  @TempDir Path dir;

  /** Train: class 0 twice (all 0.25), class 1 once (all 0.75); test: one of class 1 (all 1). */
  private final Dataset dataset =
      new Dataset(
          "tiny",
          SHAPE,
          List.of("a", "b"),
          Map.of(
              "train",
                  new ArraySplit(
                      new float[] {
                        .25f, .25f, .25f, .25f, .75f, .75f, .75f, .75f, .25f, .25f, .25f, .25f
                      },
                      new int[] {0, 1, 0},
                      SHAPE),
              "test", new ArraySplit(new float[] {1, 1, 1, 1}, new int[] {1}, SHAPE)));

  @Test
  void countsClassesAndChannelStatisticsPerSplit() {
    DatasetSummary summary = DatasetSummary.of(dataset, 100);

    assertArrayEquals(new int[] {2, 1}, summary.classCounts().get("train"));
    assertArrayEquals(new int[] {0, 1}, summary.classCounts().get("test"));
    DatasetSummary.ChannelStatistics train = summary.statistics().get("train");
    double mean = (0.25 * 2 + 0.75) / 3;
    assertEquals(mean, train.mean()[0], 1e-12);
    assertEquals(
        Math.sqrt((0.25 * 0.25 * 2 + 0.75 * 0.75) / 3 - mean * mean), train.std()[0], 1e-7);
    assertEquals(0.25, train.min()[0]);
    assertEquals(0.75, train.max()[0]);
    assertEquals(List.of("train", "test"), List.copyOf(summary.classCounts().keySet()));
    assertTrue(summary.text().contains("2x2x1"), summary.text());
  }

  @Test
  void sampleGrid_hasOneRowPerClass_andTheImagesValues() throws Exception {
    Path png = dir.resolve("grid.png");
    assertEquals(3, SampleGrid.write(dataset, "train", 2, 10, png));

    BufferedImage grid = ImageIO.read(png.toFile());
    int cell = 2 * 24; // 2-pixel images enlarged to at least 48
    assertEquals(2 * (cell + 2) + 2, grid.getWidth());
    assertEquals(2 * (cell + 2) + 2, grid.getHeight());
    assertEquals(Math.round(0.25f * 255), grid.getRGB(2, 2) & 0xFF); // class a, first image
    assertEquals(Math.round(0.75f * 255), grid.getRGB(2, 2 + cell + 2) & 0xFF); // class b
    assertEquals(
        0, grid.getRGB(2 + cell + 2, 2 + cell + 2) & 0xFF); // class b has one image: empty cell
  }
}
