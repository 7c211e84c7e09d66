package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.testkit.Prerequisites;

/**
 * {@code nclab export}, {@code predict} and {@code features} on a small CNN trained for one epoch
 * on generated IDX images (16x16, four classes: a bright quadrant on noise). The export is loaded
 * back in a fresh JVM whose class path holds only TensorFlow's jars, running
 * docs/export/LoadExport.java, and its outputs are compared with what the runtime's own evaluation
 * graph computes.
 */
class ExportIT {
  private static final int SIZE = 16;
  private static final int TEST = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static final Launcher NCLAB = Launcher.ofBuiltDistribution();
  private static Path run;
  private static Path data;
  private static Path config;
  private static int[] testLabels;

  @BeforeAll
  static void trainTinyModel() throws Exception {
    data = Files.createDirectories(work.resolve("data"));
    writeIdx(data, "train", 1600, 1);
    testLabels = writeIdx(data, "test", TEST, 2);
    config = work.resolve("quadrants.toml");
    Files.writeString(
        config,
        "[run]\nname = \"quadrants\"\nseed = 3\noutput = \""
            + work.resolve("runs")
            + "\"\n"
            + "[dataset]\nid = \"idx\"\nname = \"quadrants\"\npath = \""
            + data
            + "\"\nnum_classes = 4\n"
            + "class_names = [\"top-left\", \"top-right\", \"bottom-left\", \"bottom, right\"]\n"
            + "train_images = \"train-images\"\ntrain_labels = \"train-labels\"\n"
            + "test_images = \"test-images\"\ntest_labels = \"test-labels\"\n"
            + "[model]\nid = \"cnn\"\nwidths = [8, 16]\npool_after = [1, 2]\n"
            + "[train]\nepochs = 2\nbatch_size = 64\nlearning_rate = 0.1\n");
    var train = NCLAB.run(work, "train", config.toString());
    assertEquals(0, train.exitCode(), train.all());
    run = work.resolve("runs/quadrants");
  }

  @Test
  void anExportLoadedByTensorFlowAloneGivesTheRuntimesLogitsAndFeatures() throws Exception {
    Path export = work.resolve("round-trip/export");
    var exported = NCLAB.run(work, "export", run.toString(), "--out", export.toString());
    assertEquals(0, exported.exitCode(), exported.all());
    JsonNode manifest = JSON.readTree(export.resolve("nclab-model.json").toFile());
    assertEquals("uint8", manifest.at("/input/dtype").asText());
    assertEquals("[null,16,16,1]", manifest.at("/input/shape").toString());
    assertEquals("bottom, right", manifest.at("/classes/3").asText());
    assertEquals(sha256(run.resolve("config.toml")), manifest.at("/source/config_sha256").asText());
    assertEquals("epoch-0002", manifest.at("/source/checkpoint").asText());
    assertEquals(
        "[\"probabilities\",\"logits\",\"class_ids\"]",
        manifest.at("/signatures/serving_default").toString());

    Path logits = features("logits", work.resolve("round-trip/logits"));
    Path features = features("features", work.resolve("round-trip/features"));

    Path loaded = work.resolve("round-trip/loaded");
    String printed = loadInFreshJvm(export, data.resolve("test-images"), TEST, loaded);
    assertTrue(printed.contains("class_ids:"), printed);
    float[] exportedLogits = readRaw(loaded.resolve("logits.f32"));
    assertEquals(TEST * 4, exportedLogits.length);
    assertTrue(maxAbsDiff(exportedLogits, npyFloats(logits)) <= 1e-5, "logits differ");
    float[] exportedFeatures = readRaw(loaded.resolve("features.f32"));
    assertEquals(TEST * 16, exportedFeatures.length);
    assertTrue(maxAbsDiff(exportedFeatures, npyFloats(features)) <= 1e-5, "features differ");
    assertTrue(
        Files.exists(loaded.resolve("block1.f32")), "every named tap is in the features signature");

    // nclab eval's accuracy on the same images is the exported logits' arg-max against the labels.
    var eval = NCLAB.run(work, "eval", run.toString());
    assertEquals(0, eval.exitCode(), eval.all());
    Matcher accuracy =
        Pattern.compile("accuracy (\\d\\.\\d{4}) on 1000 examples").matcher(eval.out());
    assertTrue(accuracy.find(), eval.out());
    int correct = 0;
    for (int i = 0; i < TEST; i++) {
      correct += argMax(exportedLogits, i * 4, 4) == testLabels[i] ? 1 : 0;
    }
    assertEquals(accuracy.group(1), String.format("%.4f", correct / (double) TEST));
    assertTrue(correct > 500, "two epochs learn the quadrants: " + correct);

    // Exporting again gives the same variables, byte for byte.
    Path again = work.resolve("round-trip/again");
    assertEquals(
        0, NCLAB.run(work, "export", run.toString(), "--out", again.toString()).exitCode());
    for (String file :
        List.of("variables/variables.index", "variables/variables.data-00000-of-00001")) {
      assertArrayEquals(
          Files.readAllBytes(export.resolve(file)), Files.readAllBytes(again.resolve(file)), file);
    }
  }

  @Test
  void aTransfersFineTunedSclModelExportsWithItsSkipWiring() throws Exception {
    Path downstream = work.resolve("quadrants-data.toml");
    Files.writeString(
        downstream,
        Files.readString(config).replaceAll("(?s).*(\\[dataset\\].*?)\\[model\\].*", "$1"));
    var transfer =
        NCLAB.run(
            work,
            "transfer",
            "--checkpoint",
            run.toString(),
            "--dataset",
            downstream.toString(),
            "--method",
            "scl",
            "--method",
            "linear-probe",
            "--set",
            "train.epochs=1");
    assertEquals(0, transfer.exitCode(), transfer.all());
    Path folder = run.resolve("transfer");
    JsonNode report = JSON.readTree(folder.resolve("transfer.json").toFile());
    JsonNode scl = report.at("/results/0");
    assertEquals("scl", scl.get("method").asText());
    assertEquals("scl/checkpoints/epoch-0001", scl.get("checkpoint").asText());
    assertTrue(report.at("/results/1/checkpoint").isNull(), "a linear probe saves no model");

    // The transfer folder names the model to export; the method folder itself is the same model.
    Path export = work.resolve("transfer/export");
    var exported =
        NCLAB.run(work, "export", folder.toString(), "--method", "scl", "--out", export.toString());
    assertEquals(0, exported.exitCode(), exported.all());
    JsonNode manifest = JSON.readTree(export.resolve("nclab-model.json").toFile());
    assertEquals("scl", manifest.at("/source/transfer/method").asText());
    assertEquals("concat", manifest.at("/source/transfer/scl_variant").asText());
    // The default batch-norm mode: the export holds the statistics recomputed on the training data.
    assertEquals("recompute", manifest.at("/source/transfer/batch_norm").asText());
    assertEquals(
        sha256(folder.resolve("scl/config.toml")), manifest.at("/source/config_sha256").asText());
    Path again = work.resolve("transfer/again");
    assertEquals(
        0,
        NCLAB
            .run(work, "export", folder.resolve("scl").toString(), "--out", again.toString())
            .exitCode());
    assertArrayEquals(
        Files.readAllBytes(export.resolve("variables/variables.data-00000-of-00001")),
        Files.readAllBytes(again.resolve("variables/variables.data-00000-of-00001")));

    // TensorFlow alone, from the export: the fine-tuned model's test accuracy as the transfer
    // measured it
    // in its training graph. Without the skip connection the concatenated classifier would not
    // restore.
    Path loaded = work.resolve("transfer/loaded");
    loadInFreshJvm(export, data.resolve("test-images"), TEST, loaded);
    float[] logits = readRaw(loaded.resolve("logits.f32"));
    assertEquals(TEST * 4, logits.length);
    int correct = 0;
    for (int i = 0; i < TEST; i++) {
      correct += argMax(logits, i * 4, 4) == testLabels[i] ? 1 : 0;
    }
    assertEquals(scl.get("test_accuracy").asDouble(), correct / (double) TEST, 0.0);
    // ... and the logits the fine-tuned model's evaluation graph in nclab computes (nclab
    // features).
    Path evalLogits = work.resolve("transfer/logits");
    var dumped =
        NCLAB.run(
            work,
            "features",
            folder.resolve("scl").toString(),
            "--tap",
            "logits",
            "--out",
            evalLogits.toString());
    assertEquals(0, dumped.exitCode(), dumped.all());
    assertTrue(
        maxAbsDiff(logits, npyFloats(evalLogits.resolve("features.npy"))) <= 1e-5, "logits differ");

    refused(
        "no fine-tuned model 'layer' in this transfer (saved: scl)",
        "export",
        folder.toString(),
        "--method",
        "layer");
  }

  @Test
  void numpyReadsTheFeaturesFiles() throws Exception {
    Prerequisites.require(
        new ProcessBuilder("/usr/bin/python3", "-c", "import numpy").start().waitFor() == 0,
        "/usr/bin/python3 cannot import numpy: run scripts/setup.sh (apt-get install"
            + " python3-numpy)");
    Path out = features("block2", work.resolve("numpy/block2")).getParent();
    Path raw = work.resolve("numpy/read-by-numpy.f32");
    String script =
        "import numpy, sys\n"
            + "f = numpy.load(sys.argv[1] + '/features.npy'); y = numpy.load(sys.argv[1] +"
            + " '/labels.npy')\n"
            + "print(f.dtype, f.shape, y.dtype, y.shape, ' '.join(str(v) for v in y[:20]))\n"
            + "f.astype('<f4').tofile(sys.argv[2])\n";
    Process python =
        new ProcessBuilder("/usr/bin/python3", "-c", script, out.toString(), raw.toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(python.getInputStream().readAllBytes()).trim();
    assertEquals(0, python.waitFor(), printed);
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      labels.append(i == 0 ? "" : " ").append(testLabels[i]);
    }
    assertEquals("float32 (1000, 16) int64 (1000,) " + labels, printed);
    // The values NumPy read are the block2 tap that TensorFlow alone computes from the export.
    Path export = work.resolve("numpy/export");
    assertEquals(
        0, NCLAB.run(work, "export", run.toString(), "--out", export.toString()).exitCode());
    Path loaded = work.resolve("numpy/loaded");
    loadInFreshJvm(export, data.resolve("test-images"), TEST, loaded);
    assertTrue(
        maxAbsDiff(readRaw(raw), readRaw(loaded.resolve("block2.f32"))) <= 1e-5, "block2 differs");
  }

  @Test
  void predictGivesOneLinePerImageAndEvalsAccuracy() throws Exception {
    Path export = work.resolve("predict/export");
    assertEquals(
        0, NCLAB.run(work, "export", run.toString(), "--out", export.toString()).exitCode());
    var predicted =
        NCLAB.run(
            work,
            "predict",
            export.toString(),
            data.resolve("test-images").toString(),
            "--top",
            "2",
            "--labels",
            data.resolve("test-labels").toString(),
            "--batch-size",
            "100");
    assertEquals(0, predicted.exitCode(), predicted.all());
    List<String> lines = predicted.out().lines().toList();
    assertEquals(TEST + 1, lines.size());
    assertEquals("file,class_1,probability_1,class_2,probability_2,label", lines.get(0));
    assertTrue(lines.get(1).startsWith(data.resolve("test-images") + "#0,"), lines.get(1));
    var eval = NCLAB.run(work, "eval", run.toString());
    Matcher evalAccuracy = Pattern.compile("accuracy (\\d\\.\\d{4})").matcher(eval.out());
    Matcher predictAccuracy = Pattern.compile("accuracy (\\d\\.\\d{4})").matcher(predicted.err());
    assertTrue(evalAccuracy.find() && predictAccuracy.find(), eval.out() + predicted.err());
    assertEquals(evalAccuracy.group(1), predictAccuracy.group(1));

    // The run folder itself predicts the same, and PNG files of the same pixels the same classes.
    var fromRun =
        NCLAB.run(
            work,
            "predict",
            run.toString(),
            data.resolve("test-images").toString(),
            "--top",
            "2",
            "--labels",
            data.resolve("test-labels").toString(),
            "--batch-size",
            "100");
    assertEquals(predicted.out(), fromRun.out());
    Path pngs = Files.createDirectories(work.resolve("predict/pngs"));
    byte[] pixels = Files.readAllBytes(data.resolve("test-images"));
    for (int i = 0; i < 3; i++) {
      BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
      byte[] one = Arrays.copyOfRange(pixels, 16 + i * SIZE * SIZE, 16 + (i + 1) * SIZE * SIZE);
      image.getRaster().setDataElements(0, 0, SIZE, SIZE, one);
      ImageIO.write(image, "png", pngs.resolve("image" + i + ".png").toFile());
    }
    var jsonl = NCLAB.run(work, "predict", export.toString(), pngs.toString(), "--format", "jsonl");
    assertEquals(0, jsonl.exitCode(), jsonl.all());
    List<String> json = jsonl.out().lines().toList();
    assertEquals(3, json.size(), jsonl.out());
    for (int i = 0; i < 3; i++) {
      JsonNode line = JSON.readTree(json.get(i));
      assertEquals(pngs.resolve("image" + i + ".png").toString(), line.get("file").asText());
      String idxTop = lines.get(i + 1).split(",")[1];
      assertEquals(idxTop.replace("\"", ""), line.at("/top/0/class").asText().split(",")[0]);
    }
  }

  @Test
  void badInputIsOneLineAndExitTwoAndAnExistingExportStaysWhole() throws Exception {
    Path export = work.resolve("bad/export");
    assertEquals(
        0, NCLAB.run(work, "export", run.toString(), "--out", export.toString()).exitCode());
    byte[] variables =
        Files.readAllBytes(export.resolve("variables/variables.data-00000-of-00001"));
    Files.writeString(export.resolve("mine.txt"), "kept");

    refused("the output folder exists", "export", run.toString(), "--out", export.toString());
    assertArrayEquals(
        variables, Files.readAllBytes(export.resolve("variables/variables.data-00000-of-00001")));
    assertTrue(
        Files.exists(export.resolve("mine.txt")), "nothing of the existing folder is touched");
    refused("the output folder exists", "features", run.toString(), "--out", export.toString());
    refused(
        "no checkpoint 'epoch-0099'",
        "export",
        run.toString(),
        "--checkpoint",
        "epoch-0099",
        "--out",
        work.resolve("bad/x").toString());

    Path unfinished = work.resolve("bad/unfinished");
    Installation.copyTree(run, unfinished, path -> true);
    Path runJson = unfinished.resolve("run.json");
    Files.writeString(
        runJson, Files.readString(runJson).replace("\"finished\"", "\"interrupted\""));
    refused(
        "the run is interrupted, not finished",
        "export",
        unfinished.toString(),
        "--out",
        work.resolve("bad/y").toString());

    Path images = Files.createDirectories(work.resolve("bad/images"));
    ImageIO.write(
        new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY),
        "png",
        images.resolve("big.png").toFile());
    ImageIO.write(
        new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB),
        "png",
        images.resolve("rgb.png").toFile());
    Files.writeString(images.resolve("broken.png"), "not a png");
    refused(
        "the image is 20x20 with 1 channel(s)",
        "predict",
        export.toString(),
        images.resolve("big.png").toString());
    refused(
        "the image is 16x16 with 3 channel(s)",
        "predict",
        export.toString(),
        images.resolve("rgb.png").toString());
    refused(
        "unreadable image", "predict", export.toString(), images.resolve("broken.png").toString());

    var forced = NCLAB.run(work, "export", run.toString(), "--out", export.toString(), "--force");
    assertEquals(0, forced.exitCode(), forced.all());
    assertFalse(Files.exists(export.resolve("mine.txt")), "--force replaces the folder");
    try (Stream<Path> left = Files.list(export.getParent())) {
      assertEquals(
          List.of("export", "images", "unfinished"),
          left.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary folder is left behind");
    }
  }

  private static void refused(String message, String... args) throws Exception {
    var outcome = NCLAB.run(work, args);
    assertEquals(2, outcome.exitCode(), outcome.all());
    assertTrue(outcome.err().contains(message), outcome.err());
    // One line of nclab's own (TensorFlow's start-up logging may precede it), no stack trace.
    assertEquals(
        1, outcome.err().lines().filter(line -> line.startsWith("error: ")).count(), outcome.err());
    assertFalse(outcome.err().contains("\tat "), outcome.err());
  }

  private static Path features(String tap, Path out) throws Exception {
    var dumped =
        NCLAB.run(
            work,
            "features",
            run.toString(),
            "--dataset",
            config.toString(),
            "--tap",
            tap,
            "--out",
            out.toString());
    assertEquals(0, dumped.exitCode(), dumped.all());
    return out.resolve("features.npy");
  }

  /**
   * Runs docs/export/LoadExport.java with only TensorFlow's jars (and what they need) on the class
   * path.
   */
  private static String loadInFreshJvm(Path export, Path images, int n, Path out) throws Exception {
    List<String> jars = new ArrayList<>();
    try (Stream<Path> lib = Files.list(NCLAB.home().resolve("lib"))) {
      for (Path jar : lib.sorted().toList()) {
        String name = jar.getFileName().toString();
        if (name.startsWith("tensorflow-")
            || name.startsWith("ndarray-")
            || name.startsWith("javacpp-")
            || name.startsWith("protobuf-java-")) {
          jars.add(jar.toString());
        }
      }
    }
    assertTrue(
        jars.stream().noneMatch(j -> Path.of(j).getFileName().toString().contains("nclab")),
        jars.toString());
    Path source = Launcher.repo().resolve("docs/export/LoadExport.java");
    assertTrue(
        Files.readString(Launcher.repo().resolve("docs/export.md"))
            .contains(Files.readString(source)),
        "docs/export.md shows the Java file this test runs, verbatim");
    Process java =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(File.pathSeparator, jars),
                source.toString(),
                export.toString(),
                images.toString(),
                Integer.toString(n),
                out.toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(java.getInputStream().readAllBytes());
    assertTrue(java.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, java.exitValue(), printed);
    return printed;
  }

  /** Writes idx3 images and idx1 labels (uncompressed) of the quadrant task; returns the labels. */
  private static int[] writeIdx(Path folder, String split, int count, long seed)
      throws IOException {
    Random random = new Random(seed);
    int[] labels = new int[count];
    ByteBuffer images = ByteBuffer.allocate(16 + count * SIZE * SIZE);
    images.putInt(0x803).putInt(count).putInt(SIZE).putInt(SIZE);
    ByteBuffer labelFile = ByteBuffer.allocate(8 + count);
    labelFile.putInt(0x801).putInt(count);
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(4);
      labels[i] = label;
      labelFile.put((byte) label);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          boolean bright = (y < SIZE / 2 ? 0 : 2) + (x < SIZE / 2 ? 0 : 1) == label;
          images.put((byte) ((bright ? 150 : 0) + random.nextInt(100)));
        }
      }
    }
    Files.write(folder.resolve(split + "-images"), images.array());
    Files.write(folder.resolve(split + "-labels"), labelFile.array());
    return labels;
  }

  static float[] npyFloats(Path npy) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(npy)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = bytes.getShort(8) & 0xFFFF;
    bytes.position(10 + headerLength);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  private static float[] readRaw(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length, "lengths");
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  private static int argMax(float[] values, int from, int k) {
    int best = 0;
    for (int i = 1; i < k; i++) {
      if (values[from + i] > values[from + best]) {
        best = i;
      }
    }
    return best;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
