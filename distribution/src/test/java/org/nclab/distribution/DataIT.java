package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring-your-own data through bin/nclab: {@code data describe} on a folder of PNG files, and a
 * training run that streams an image folder larger than its memory budget chunk by chunk.
 */
class DataIT {
  private static final int SIZE = 12;
  private static final List<String> CLASSES = List.of("circle", "square", "zebra");

  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;
  private Path images;

  /** 3 classes x 40 grey 12x12 PNGs (class k is brighter), plus a corrupt file. */
  @BeforeEach
  void writeImages() throws Exception {
    images = work.resolve("images");
    SplittableRandom random = new SplittableRandom(1);
    for (int k = 0; k < CLASSES.size(); k++) {
      Path folder = Files.createDirectories(images.resolve(CLASSES.get(k)));
      for (int i = 0; i < 40; i++) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        int[] pixels = new int[SIZE * SIZE];
        for (int p = 0; p < pixels.length; p++) {
          pixels[p] = Math.min(255, 60 * k + random.nextInt(80));
        }
        image.getRaster().setPixels(0, 0, SIZE, SIZE, pixels);
        ImageIO.write(image, "png", folder.resolve(String.format("%02d.png", i)).toFile());
      }
    }
    Files.writeString(images.resolve("square/broken.png"), "not a png");
  }

  @Test
  void describe_printsClassCountsAndWritesTheSampleGrid() throws Exception {
    Path grid = work.resolve("grid.png");
    var result =
        nclab.run(
            work,
            "data",
            "describe",
            images.toString(),
            "--set",
            "height=12",
            "--set",
            "width=12",
            "--set",
            "channels=1",
            "--grid",
            grid.toString(),
            "--per-class",
            "4");

    assertEquals(0, result.exitCode(), result.all());
    assertTrue(result.out().contains("images 12x12x1"), result.out());
    // square: 41 files, 8 held out for test; the corrupt one fell in train: 32 train images
    assertTrue(result.out().matches("(?s).*1\\s+square\\s+32\\s+8\\n.*"), result.out());
    assertTrue(
        result.err().contains("broken.png") && result.err().contains("1 of 121 files skipped"),
        result.err());
    BufferedImage png = ImageIO.read(grid.toFile());
    // Cells of 12 pixels enlarged 4 times, with 2-pixel gaps: 4 per row, 3 rows.
    assertEquals(4 * (48 + 2) + 2, png.getWidth());
    assertEquals(3 * (48 + 2) + 2, png.getHeight());
  }

  @Test
  void train_streamsAFolderLargerThanItsMemoryBudget() throws Exception {
    Path config = work.resolve("stream.toml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "[run]",
            "name = \"streamed\"",
            "seed = 3",
            "output = \"" + work.resolve("runs") + "\"",
            "[dataset]",
            "id = \"image-folder\"",
            "path = \"images\"",
            "height = 12",
            "width = 12",
            "channels = 1",
            "storage = \"stream\"",
            "memory_mb = 1",
            "chunk_mb = 1",
            "normalize = \"dataset\"",
            "[model]",
            "id = \"mlp\"",
            "hidden = [32]",
            "[train]",
            "epochs = 2",
            "batch_size = 16",
            "learning_rate = 0.05",
            ""));

    var result = nclab.run(work, "train", config.toString());

    assertEquals(0, result.exitCode(), result.all());
    assertTrue(result.err().contains("streamed"), result.err());
    JsonNode info = new ObjectMapper().readTree(work.resolve("runs/streamed/run.json").toFile());
    assertEquals("finished", info.get("status").asText());
    List<String> classNames = new ArrayList<>();
    info.get("classNames").forEach(n -> classNames.add(n.asText()));
    assertEquals(CLASSES, classNames);
    assertTrue(info.get("finalMetrics").get("test/accuracy").asDouble() > 0.5, info.toString());
    // The decoded cache is reused by a second run of the same data.
    long[] before = cacheTimes();
    var again = nclab.run(work, "validate", config.toString());
    assertEquals(0, again.exitCode(), again.all());
    assertArrayEquals(before, cacheTimes());
  }

  private long[] cacheTimes() throws Exception {
    try (var files = Files.list(images.resolve(".nclab-cache"))) {
      return files.sorted().mapToLong(p -> p.toFile().lastModified()).toArray();
    }
  }
}
