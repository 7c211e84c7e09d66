package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.Split;
import org.nclab.api.options.Options;

/** CIFAR-10 and CIFAR-100 binary files written here, read back exactly, and broken ones refused. */
class CifarDatasetProviderTest {
  private static final int PIXELS = 3072;
  private final CifarDatasetProvider provider = new CifarDatasetProvider();

  @TempDir Path dir;

  @Test
  void cifar10_readsEveryRecordExactly_channelsLast() {
    byte[][] files = new byte[6][];
    String[] names = {
      "data_batch_1.bin",
      "data_batch_2.bin",
      "data_batch_3.bin",
      "data_batch_4.bin",
      "data_batch_5.bin",
      "test_batch.bin"
    };
    for (int f = 0; f < 6; f++) {
      files[f] = records(3, 1, f, 10);
      ImageFiles.writeBytes(dir.resolve(names[f]), files[f]);
    }
    ImageFiles.writeBytes(
        dir.resolve("batches.meta.txt"),
        "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n".getBytes());

    Dataset dataset = open(Map.of());
    assertEquals("cifar-10", dataset.name());
    assertEquals(CifarDatasetProvider.SHAPE, dataset.shape());
    assertEquals("truck", dataset.classNames().get(9));
    Split train = dataset.split("train");
    assertEquals(15, train.size());
    assertRecord(files[3], 1, 1, 0, train, 3 * 3 + 1); // file 4, record 1
    assertRecord(files[5], 1, 2, 0, dataset.split("test"), 2);
  }

  @Test
  void cifar100_fineOrCoarseLabels() {
    byte[] train = records(4, 2, 7, 20);
    byte[] test = records(2, 2, 8, 20);
    ImageFiles.writeBytes(dir.resolve("train.bin"), train);
    ImageFiles.writeBytes(dir.resolve("test.bin"), test);

    Dataset fine = open(Map.of("variant", "cifar-100"));
    Dataset coarse = open(Map.of("variant", "cifar-100", "labels", "coarse"));
    assertEquals(100, fine.numClasses());
    assertEquals(20, coarse.numClasses());
    for (int r = 0; r < 4; r++) {
      assertEquals(train[r * 3074] & 0xFF, coarse.split("train").label(r));
      assertEquals(train[r * 3074 + 1] & 0xFF, fine.split("train").label(r));
    }
    assertRecord(test, 2, 1, 1, fine.split("test"), 1);
    assertArrayEquals(SplitArrays.images(fine, "train"), SplitArrays.images(coarse, "train"));
  }

  @Test
  void aTruncatedFile_namesItsSizeAndTheRecordSize() {
    writeCifar10(1);
    byte[] shortFile = Arrays.copyOf(records(2, 1, 3, 10), 3073 * 2 - 5);
    ImageFiles.writeBytes(dir.resolve("data_batch_3.bin"), shortFile);
    UserException e = assertThrows(UserException.class, () -> open(Map.of()));
    assertTrue(
        e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("3073-byte records"),
        e.getMessage());
  }

  @Test
  void aLabelOutOfRange_namesTheRecord() {
    writeCifar10(1);
    byte[] bad = records(3, 1, 3, 10);
    bad[2 * 3073] = 10;
    ImageFiles.writeBytes(dir.resolve("test_batch.bin"), bad);
    UserException e = assertThrows(UserException.class, () -> open(Map.of()));
    assertTrue(
        e.getMessage().contains("record 2")
            && e.getMessage().contains("label 10, outside 0..9")
            && e.getMessage().contains("test_batch.bin"),
        e.getMessage());
  }

  @Test
  void cifar100FilesReadAsCifar10_areRefused() {
    ImageFiles.writeBytes(dir.resolve("train.bin"), records(3, 2, 1, 20));
    UserException e = assertThrows(UserException.class, () -> open(Map.of()));
    assertTrue(
        e.getMessage().contains("CIFAR file not found")
            && e.getMessage().contains("data_batch_1.bin"),
        e.getMessage());
  }

  @Test
  void normalizeDataset_usesTrainChannelStatistics() {
    writeCifar10(2);
    Dataset plain = open(Map.of());
    Dataset normalized = open(Map.of("normalize", "dataset"));
    float[] all = SplitArrays.images(plain, "train");
    double sum = 0;
    double squares = 0;
    for (int i = 1; i < all.length; i += 3) { // green
      double v = Math.round(all[i] * 255) / 255.0;
      sum += v;
      squares += v * v;
    }
    double mean = sum / (all.length / 3);
    double std = Math.sqrt(squares / (all.length / 3) - mean * mean);
    float[] image = new float[PIXELS];
    normalized.split("test").copyImage(0, image, 0);
    float[] raw = new float[PIXELS];
    plain.split("test").copyImage(0, raw, 0);
    assertEquals((float) ((Math.round(raw[1] * 255) / 255.0 - mean) / std), image[1], 1e-5);
  }

  private void writeCifar10(int perFile) {
    for (String name :
        List.of(
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin",
            "test_batch.bin")) {
      ImageFiles.writeBytes(dir.resolve(name), records(perFile, 1, name.hashCode(), 10));
    }
  }

  /**
   * {@code n} records with {@code labelBytes} label bytes (each below {@code maxLabel}) and random
   * pixels.
   */
  private static byte[] records(int n, int labelBytes, long seed, int maxLabel) {
    SplittableRandom random = new SplittableRandom(seed);
    int record = labelBytes + PIXELS;
    byte[] bytes = new byte[n * record];
    for (int r = 0; r < n; r++) {
      for (int b = 0; b < labelBytes; b++) {
        bytes[r * record + b] = (byte) random.nextInt(maxLabel);
      }
      for (int p = 0; p < PIXELS; p++) {
        bytes[r * record + labelBytes + p] = (byte) random.nextInt(256);
      }
    }
    return bytes;
  }

  /** Record {@code r} of {@code file}, planes R, G, B, equals image {@code index} channels last. */
  private static void assertRecord(
      byte[] file, int labelBytes, int r, int labelByte, Split split, int index) {
    int record = labelBytes + PIXELS;
    float[] image = new float[PIXELS];
    split.copyImage(index, image, 0);
    assertEquals(file[r * record + labelByte] & 0xFF, split.label(index));
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        for (int c = 0; c < 3; c++) {
          int stored = file[r * record + labelBytes + c * 1024 + y * 32 + x] & 0xFF;
          assertEquals(stored / 255f, image[(y * 32 + x) * 3 + c]);
        }
      }
    }
  }

  private Dataset open(Map<String, Object> extra) {
    Map<String, Object> options = new HashMap<>(Map.of("path", dir.toString()));
    options.putAll(extra);
    return provider.open(Options.withDefaults("dataset", provider.options(), options));
  }
}
