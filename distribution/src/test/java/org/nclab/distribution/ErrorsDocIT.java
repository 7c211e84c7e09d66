package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.cli.ErrorsDoc;

/**
 * The cheap cases of docs/errors.md's data, run and dashboard tables through bin/nclab: corrupt IDX
 * and npm data written here, a corrupt run.json, a run folder's config changed before {@code
 * --resume}, the dashboard on an empty folder and on a taken port. Each printed line is checked
 * against its row's example with {@link ErrorsDoc#assertShown}; the costly cases are checked by the
 * tests that already produce them (the rows name them).
 */
class ErrorsDocIT {
  private static final int IMAGES = 5;
  private static final int HEIGHT = 3;
  private static final int WIDTH = 4;
  private static final int CLASSES = 3;

  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;

  @Test
  void corruptDataFiles_eachGetTheLineTheDocShows() throws Exception {
    byte[] images = idx(3, new int[] {IMAGES, HEIGHT, WIDTH}, new byte[IMAGES * HEIGHT * WIDTH]);
    byte[] labels = idx(1, new int[] {IMAGES}, new byte[] {0, 1, 2, 0, 1});

    check("data/missing-folder", describe(work.resolve("nowhere"), "idx"));
    check("data/wrong-magic", describeIdx("wrong-magic", labels, labels));
    check("data/truncated", describeIdx("truncated", Arrays.copyOf(images, 66), labels));
    check(
        "data/count-mismatch",
        describeIdx("count-mismatch", images, idx(1, new int[] {4}, new byte[] {0, 1, 2, 0})));
    check(
        "data/label-out-of-range",
        describeIdx("label-range", images, idx(1, new int[] {IMAGES}, new byte[] {0, 1, 7, 0, 1})));
    check(
        "data/huge-header",
        describeIdx(
            "huge", idx(3, new int[] {Integer.MAX_VALUE, 1000, 1000}, new byte[8]), labels));
    check("data/trailing-bytes", describeIdx("trailing", concat(images, new byte[7]), labels));
    byte[] gzipped = gzip(images);
    check(
        "data/corrupt-gzip",
        describeIdx("gzip", Arrays.copyOf(gzipped, gzipped.length - 12), labels));
    check("data/empty-file", describeIdx("empty", new byte[0], labels));

    String[] two = {"{\"data\": [0, 0.5, 0.25, 1]}", "{\"data\": [1, 0.5, 0.75, 0]}"};
    check(
        "data/npm-missing-class", describe(npm("missing", two[0]), "npm-json", "num_classes = 3"));
    check("data/npm-not-a-number", describe(npm("nan", "{\"data\": [0, 0.5, null, 1]}", two[1])));
    check("data/npm-pixel-range", describe(npm("range", "{\"data\": [0, 0.5, 2.5, 1]}", two[1])));
    Path tarball = tar(npm("whole", two));
    byte[] bytes = Files.readAllBytes(tarball);
    Files.write(tarball, Arrays.copyOf(bytes, bytes.length / 2));
    check("data/npm-truncated", describe(tarball, "npm-json", "num_classes = 2"));

    Path config = work.resolve("empty-test.toml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "[run]",
            "output = \"" + work.resolve("runs") + "\"",
            datasetTable(
                npm("empty-test", two), "npm-json", "num_classes = 2", "test_fraction = 0"),
            "[model]",
            "id = \"mlp\"",
            "hidden = [4]",
            "[train]",
            "epochs = 1",
            "batch_size = 2",
            ""));
    check("data/empty-split", nclab.run(work, "train", config.toString()));
  }

  @Test
  void aCorruptRunJson_stopsTheStart_andIsLeftAsItWas() throws Exception {
    Path runs = work.resolve("runs");
    String[] train = {"train", smoke(), "--set", "run.output=\"" + runs + "\""};
    Path run = Files.createDirectories(runs.resolve("synthetic-smoke"));
    Files.writeString(run.resolve("run.json"), "{\"status\": \"runn");
    byte[] before = Files.readAllBytes(run.resolve("run.json"));
    check("run/corrupt-run-json", nclab.run(work, train));
    assertArrayEquals(before, Files.readAllBytes(run.resolve("run.json")), "run.json untouched");
  }

  @Test
  void theDashboardOnAFolderWithoutRuns_andOnATakenPort() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));
    check("watch/dashboard-no-runs", nclab.run(work, "dashboard", empty.toString()));

    Path run = Files.createDirectories(work.resolve("runs/one"));
    Files.writeString(run.resolve("metrics.jsonl"), "");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(taken.getLocalPort());
      check(
          "watch/dashboard-port-taken",
          nclab.run(work, "dashboard", run.toString(), "--port", port));
      check(
          "watch/prometheus-port-taken",
          nclab.run(
              work,
              "train",
              smoke(),
              "--set",
              "run.output=\"" + work.resolve("prometheus") + "\"",
              "--set",
              "metrics.prometheus=true",
              "--set",
              "metrics.prometheus_port=" + port));
    }
  }

  private static void check(String id, Launcher.Outcome outcome) {
    ErrorsDoc.assertShown(id, outcome.exitCode(), outcome.err());
  }

  private static String smoke() {
    return Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
  }

  /** {@code nclab data describe} of a dataset-only config. */
  private Launcher.Outcome describe(Path path, String id, String... options) throws Exception {
    Path config = work.resolve("dataset-" + path.getFileName() + ".toml");
    Files.writeString(config, datasetTable(path, id, options));
    return nclab.run(
        work, "data", "describe", config.toString(), "--grid", work.resolve("g.png").toString());
  }

  private Launcher.Outcome describe(Path npmFolder) throws Exception {
    return describe(npmFolder, "npm-json", "num_classes = 2");
  }

  private static String datasetTable(Path path, String id, String... options) {
    List<String> lines = new ArrayList<>(List.of("[dataset]", "id = \"" + id + "\""));
    lines.add("path = \"" + path + "\"");
    if (id.equals("npm-json")) {
      lines.addAll(List.of("height = 2", "width = 2"));
    } else {
      lines.add("num_classes = " + CLASSES);
      for (String file : List.of("train_images", "train_labels", "test_images", "test_labels")) {
        lines.add(file + " = \"" + file + "\"");
      }
    }
    lines.addAll(List.of(options));
    return String.join("\n", lines) + "\n";
  }

  /** Four IDX files in a folder: the train split's are {@code trainImages}, {@code trainLabels}. */
  private Launcher.Outcome describeIdx(String name, byte[] trainImages, byte[] trainLabels)
      throws Exception {
    Path folder = Files.createDirectories(work.resolve("idx-" + name));
    byte[] images = idx(3, new int[] {IMAGES, HEIGHT, WIDTH}, new byte[IMAGES * HEIGHT * WIDTH]);
    byte[] labels = idx(1, new int[] {IMAGES}, new byte[] {0, 1, 2, 0, 1});
    Files.write(folder.resolve("train_images"), trainImages);
    Files.write(folder.resolve("train_labels"), trainLabels);
    Files.write(folder.resolve("test_images"), images);
    Files.write(folder.resolve("test_labels"), labels);
    return describe(folder, "idx");
  }

  /** An IDX file of unsigned bytes: magic 0x0000 08 {@code dims.length}, the sizes, the data. */
  private static byte[] idx(int rank, int[] dims, byte[] data) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    buffer.putInt(0x0800 | rank);
    for (int dim : dims) {
      buffer.putInt(dim);
    }
    return buffer.put(data).array();
  }

  /** An unpacked npm package folder with one class file {@code K.json} per text, 2x2 images. */
  private Path npm(String name, String... classFiles) throws IOException {
    Path folder = Files.createDirectories(work.resolve("npm-" + name + "/package/src/digits"));
    for (int k = 0; k < classFiles.length; k++) {
      Files.writeString(folder.resolve(k + ".json"), classFiles[k]);
    }
    return folder.getParent().getParent();
  }

  /** The package folder as npm packs it: a gzipped tar of package/. */
  private static Path tar(Path packageFolder) throws Exception {
    Path tarball = packageFolder.resolveSibling(packageFolder.getFileName() + ".tgz");
    Process tar =
        new ProcessBuilder(
                "tar",
                "czf",
                tarball.toString(),
                "-C",
                packageFolder.getParent().toString(),
                "package")
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor(), "tar czf " + tarball);
    return tarball;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
