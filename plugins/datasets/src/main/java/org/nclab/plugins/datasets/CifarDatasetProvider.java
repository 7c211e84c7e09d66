package org.nclab.plugins.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.Extension;

/**
 * Dataset {@code cifar}: CIFAR-10 or CIFAR-100 in the binary version distributed by the authors
 * ({@code cifar-10-binary.tar.gz} unpacked to {@code cifar-10-batches-bin/}, {@code
 * cifar-100-binary.tar.gz} to {@code cifar-100-binary/}).
 *
 * <p>The format: a file is a sequence of records; a CIFAR-10 record is one label byte (0..9) then
 * 3,072 pixel bytes, a CIFAR-100 record a coarse label byte (0..19), a fine label byte (0..99),
 * then the pixels. Pixels are the 1,024 red values row after row, then green, then blue, of a 32x32
 * image; nclab turns them into 32x32x3, channels last. CIFAR-10's training files are {@code
 * data_batch_1.bin} .. {@code data_batch_5.bin}, its test file {@code test_batch.bin}; CIFAR-100's
 * are {@code train.bin} and {@code test.bin}. Class names come from {@code batches.meta.txt}
 * (CIFAR-10) or {@code coarse_label_names.txt} / {@code fine_label_names.txt} when present. A
 * missing file, a size that is not a whole number of records, or a label out of range stops {@link
 * #open} with one line naming the file, the record and the fix.
 *
 * <pre>{@code
 * [dataset]
 * id = "cifar"
 * path = "data/cifar-100-binary"
 * variant = "cifar-100"
 * labels = "coarse"
 * }</pre>
 */
@Extension
public final class CifarDatasetProvider implements DatasetProvider {
  static final ImageShape SHAPE = new ImageShape(32, 32, 3);
  private static final int PIXELS = 32 * 32 * 3;

  private static final List<OptionSpec> OPTIONS = optionSpecs();

  private static List<OptionSpec> optionSpecs() {
    List<OptionSpec> options =
        new ArrayList<>(
            List.of(
                OptionSpec.path(
                        "path",
                        "folder of the binary files (cifar-10-batches-bin or cifar-100-binary)")
                    .defaultValue("cifar-10-batches-bin"),
                OptionSpec.string("variant", "cifar-10 or cifar-100")
                    .defaultValue("cifar-10")
                    .oneOf("cifar-10", "cifar-100"),
                OptionSpec.string(
                        "labels", "CIFAR-100 only: fine (100 classes) or coarse (20 superclasses)")
                    .defaultValue("fine")
                    .oneOf("fine", "coarse"),
                OptionSpec.string(
                        "name", "what logs and reports call the dataset; empty: the variant")
                    .defaultValue("")));
    options.addAll(NormalizationOptions.SPECS);
    return List.copyOf(options);
  }

  /** The layout of one variant's files. */
  private record Variant(
      List<String> trainFiles,
      String testFile,
      int labelBytes,
      int labelByte,
      int numClasses,
      String namesFile) {
    int recordBytes() {
      return labelBytes + PIXELS;
    }
  }

  @Override
  public String id() {
    return "cifar";
  }

  @Override
  public String summary() {
    return "CIFAR-10 and CIFAR-100 binary files (fine or coarse labels), validated";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public Dataset open(Options options) {
    Path folder = options.getPath("path");
    Variant variant = variant(options);
    if (!Files.isDirectory(folder)) {
      throw UserException.of(
          Files.exists(folder) ? "CIFAR path is not a folder" : "CIFAR folder not found",
          folder + ", option path of " + options.owner(),
          "unpack "
              + options.getString("variant")
              + "-binary.tar.gz and set path to the folder it makes");
    }
    Map<String, Split> splits = new LinkedHashMap<>();
    ChannelStats[] trainStats = new ChannelStats[1];
    List<byte[]> pixels = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    for (String split : List.of("train", "test")) {
      List<String> names =
          split.equals("train") ? variant.trainFiles() : List.of(variant.testFile());
      Records records = new Records(variant);
      for (String name : names) {
        records.read(requireFile(folder.resolve(name), options));
      }
      pixels.add(records.pixels());
      labels.add(records.labels());
      if (split.equals("train")) {
        trainStats[0] = records.stats;
      }
    }
    PixelNormalization normalization = NormalizationOptions.from(options, 3, () -> trainStats[0]);
    splits.put("train", new ByteImageSplit(pixels.get(0), labels.get(0), SHAPE, normalization));
    splits.put("test", new ByteImageSplit(pixels.get(1), labels.get(1), SHAPE, normalization));
    String name =
        options.getString("name").isEmpty()
            ? options.getString("variant")
            : options.getString("name");
    return new Dataset(name, SHAPE, classNames(folder, variant), splits);
  }

  private static Variant variant(Options options) {
    if (options.getString("variant").equals("cifar-10")) {
      List<String> train =
          List.of(
              "data_batch_1.bin",
              "data_batch_2.bin",
              "data_batch_3.bin",
              "data_batch_4.bin",
              "data_batch_5.bin");
      return new Variant(train, "test_batch.bin", 1, 0, 10, "batches.meta.txt");
    }
    boolean coarse = options.getString("labels").equals("coarse");
    return new Variant(
        List.of("train.bin"),
        "test.bin",
        2,
        coarse ? 0 : 1,
        coarse ? 20 : 100,
        coarse ? "coarse_label_names.txt" : "fine_label_names.txt");
  }

  private static Path requireFile(Path file, Options options) {
    if (!Files.isRegularFile(file)) {
      throw UserException.of(
          "CIFAR file not found",
          file + ", option path of " + options.owner(),
          "point path at the unpacked binary version's folder, and set variant = \"cifar-10\" or"
              + " \"cifar-100\" to match it");
    }
    return file;
  }

  /** Records of one split, checked and turned into channels-last pixels. */
  private static final class Records {
    private final Variant variant;
    private final List<byte[]> files = new ArrayList<>();
    private final List<int[]> fileLabels = new ArrayList<>();
    private final ChannelStats stats = new ChannelStats(3);
    private long count;

    Records(Variant variant) {
      this.variant = variant;
    }

    void read(Path file) {
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        throw UserException.of(
            "cannot read CIFAR file (" + e.getMessage() + ")", file.toString(), "make it readable");
      }
      int record = variant.recordBytes();
      if (size == 0 || size % record != 0) {
        String other = variant.labelBytes() == 1 ? "CIFAR-100 (3,074)" : "CIFAR-10 (3,073)";
        throw UserException.of(
            "size " + size + " bytes is not a whole number of " + record + "-byte records",
            file.toString(),
            "the file is truncated or of the other variant ("
                + other
                + "-byte records): re-unpack it, or set variant");
      }
      if (count + size / record > Limits.MAX_ARRAY_LENGTH / PIXELS) {
        throw UserException.of(
            "too many CIFAR records for one split", file.toString(), "use the original files");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw UserException.of(
            "cannot read CIFAR file (" + e.getMessage() + ")", file.toString(), "make it readable");
      }
      int n = bytes.length / record;
      byte[] pixels = new byte[n * PIXELS];
      int[] labels = new int[n];
      byte[] image = new byte[PIXELS];
      for (int r = 0; r < n; r++) {
        int at = r * record;
        for (int b = 0; b < variant.labelBytes(); b++) {
          int value = bytes[at + b] & 0xFF;
          int classes = variant.labelBytes() == 1 ? 10 : b == 0 ? 20 : 100;
          if (value >= classes) {
            throw UserException.of(
                "record "
                    + r
                    + " (byte "
                    + (at + b)
                    + ") has "
                    + (b == 0 && variant.labelBytes() == 2 ? "coarse " : "")
                    + "label "
                    + value
                    + ", outside 0.."
                    + (classes - 1),
                file.toString(),
                "the file is damaged or of the other variant: re-unpack it, or set variant");
          }
        }
        labels[r] = bytes[at + variant.labelByte()] & 0xFF;
        int from = at + variant.labelBytes();
        for (int p = 0; p < 1024; p++) { // planes R, G, B to interleaved RGB
          image[p * 3] = bytes[from + p];
          image[p * 3 + 1] = bytes[from + 1024 + p];
          image[p * 3 + 2] = bytes[from + 2048 + p];
        }
        System.arraycopy(image, 0, pixels, r * PIXELS, PIXELS);
        stats.add(image);
      }
      files.add(pixels);
      fileLabels.add(labels);
      count += n;
    }

    byte[] pixels() {
      byte[] all = new byte[(int) count * PIXELS];
      int at = 0;
      for (byte[] part : files) {
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      return all;
    }

    int[] labels() {
      return fileLabels.stream().flatMapToInt(Arrays::stream).toArray();
    }
  }

  /** The names file's non-empty lines when it has one per class, else "0", "1", ... */
  private static List<String> classNames(Path folder, Variant variant) {
    Path file = folder.resolve(variant.namesFile());
    if (Files.isRegularFile(file)) {
      try {
        List<String> names =
            Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (names.size() == variant.numClasses()) {
          return names;
        }
      } catch (IOException e) {
        // fall through to numbers: the names are a convenience, the labels are the data
      }
    }
    return ClassNames.numbered(variant.numClasses());
  }
}
