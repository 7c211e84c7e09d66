package org.nclab.plugins.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.image.ImageResizer;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.Extension;

/**
 * Dataset {@code image-folder}: a folder of images, one sub-folder per class ({@code
 * root/<class>/.../<image>}, PNG, JPEG or BMP, grey or colour), as torchvision's ImageFolder reads
 * it. Class names are the sub-folder names, sorted; run.json records them.
 *
 * <p>Splits: {@code train_folder} and {@code test_folder} name two such trees below {@code path};
 * without them, a seeded {@code test_fraction} of each class of {@code path} is held out.
 *
 * <p>Decoding: every image is brought to {@code height} x {@code width} ({@code resize}: crop,
 * stretch or none) and {@code channels} (grey repeated to RGB, RGB to grey by luma), on {@code
 * workers} threads, once: the 8-bit result goes to a decoded cache file per split in {@code
 * cache_folder}, reused by later runs until a file, its size or time, or a decode option changes. A
 * file that cannot be decoded or is not an image is reported with the reason and skipped, or stops
 * the run ({@code on_bad_file}).
 *
 * <p>Memory: when the decoded splits fit in {@code memory_mb} they are held in memory; otherwise
 * (or with {@code storage = "stream"}) each split is read from its cache file through memory maps
 * of {@code chunk_mb}, at most {@code memory_mb} / 2 per split at once, and the trainer visits it
 * in shuffled chunks. See docs/datasets.md.
 */
@Extension
public final class ImageFolderDatasetProvider implements DatasetProvider {
  private static final int MIB = 1 << 20;

  private static final List<OptionSpec> OPTIONS = optionSpecs();

  private static List<OptionSpec> optionSpecs() {
    List<OptionSpec> options =
        new ArrayList<>(
            List.of(
                OptionSpec.path(
                        "path", "the folder of class folders (or of train_folder and test_folder)")
                    .defaultValue("images"),
                OptionSpec.string(
                        "train_folder",
                        "sub-folder of path with the training classes; empty: path itself, with a"
                            + " test_fraction held out")
                    .defaultValue(""),
                OptionSpec.string(
                        "test_folder",
                        "sub-folder of path with the test classes (with train_folder)")
                    .defaultValue(""),
                OptionSpec.number(
                        "test_fraction",
                        "share of each class held out as test when there is no test_folder")
                    .defaultValue(0.2)
                    .range(0, 0.9),
                OptionSpec.integer("seed", "same seed, same hold-out").defaultValue(0),
                OptionSpec.string("name", "what logs and reports call the dataset")
                    .defaultValue("image-folder"),
                OptionSpec.integer("height", "image height after resizing")
                    .defaultValue(32)
                    .range(1, 4096),
                OptionSpec.integer("width", "image width after resizing")
                    .defaultValue(32)
                    .range(1, 4096),
                OptionSpec.integer("channels", "1 (grey) or 3 (RGB); other images are converted")
                    .defaultValue(3)
                    .range(1, 3),
                OptionSpec.string(
                        "resize",
                        "crop: scale the shorter side, cut the centre; stretch: scale both sides;"
                            + " none: refuse other sizes")
                    .defaultValue("crop")
                    .oneOf("crop", "stretch", "none"),
                OptionSpec.string(
                        "on_bad_file", "skip (report file and reason, count them) or fail")
                    .defaultValue("skip")
                    .oneOf("skip", "fail"),
                OptionSpec.bool("cache", "keep decoded images in a cache file per split")
                    .defaultValue(true),
                OptionSpec.string(
                        "cache_folder", "where cache files go; empty: .nclab-cache inside path")
                    .defaultValue(""),
                OptionSpec.string(
                        "storage",
                        "memory, stream (from the cache, chunk by chunk), or auto: memory when the"
                            + " decoded splits fit memory_mb")
                    .defaultValue("auto")
                    .oneOf("auto", "memory", "stream"),
                OptionSpec.integer(
                        "memory_mb",
                        "memory for decoded images; streamed splits hold at most half each")
                    .defaultValue(1024)
                    .range(1, 1 << 20),
                OptionSpec.integer("chunk_mb", "size of one streamed chunk (one disk read)")
                    .defaultValue(8)
                    .range(1, 1024),
                OptionSpec.integer("workers", "decoding threads; 0: one per processor")
                    .defaultValue(0)
                    .range(0, 256)));
    options.addAll(NormalizationOptions.SPECS);
    return List.copyOf(options);
  }

  private final Consumer<String> report;

  public ImageFolderDatasetProvider() {
    this(System.err::println);
  }

  /**
   * @param report where warnings and the one-line summary go (standard error by default)
   */
  ImageFolderDatasetProvider(Consumer<String> report) {
    this.report = report;
  }

  @Override
  public String id() {
    return "image-folder";
  }

  @Override
  public String summary() {
    return "a folder of PNG/JPEG/BMP images per class, resized and cached; streams data larger than"
        + " memory";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  /** Every file goes through this resizer when the cache is built; predict applies the same. */
  @Override
  public Optional<ImageResizer> imageResizer(Options options) {
    return Optional.of(
        new ImageResizer(
            options.getInt("height"),
            options.getInt("width"),
            options.getInt("channels"),
            ImageResizer.Mode.named(options.getString("resize"))));
  }

  @Override
  public Dataset open(Options options) {
    Path root = options.getPath("path");
    ImageShape shape =
        new ImageShape(
            options.getInt("height"), options.getInt("width"), options.getInt("channels"));
    boolean failOnBad = options.getString("on_bad_file").equals("fail");
    Map<String, List<ImageFolderScan.SourceFile>> files = new LinkedHashMap<>();
    Map<String, Path> roots = new LinkedHashMap<>();
    List<ImageFolderScan.BadFile> odd = new ArrayList<>();
    List<String> classNames = scanSplits(options, root, files, roots, odd);
    if (failOnBad && !odd.isEmpty()) {
      ImageFolderScan.BadFile first = odd.get(0);
      throw UserException.of(
          "not an image of a class: " + first.reason(),
          first.path().toString(),
          "move or remove it, or set on_bad_file = \"skip\" in [dataset] to skip such files");
    }
    String cacheName = options.getString("cache_folder");
    Path cacheFolder =
        !options.getBool("cache")
            ? null
            : cacheName.isEmpty() ? root.resolve(".nclab-cache") : root.resolve(cacheName);
    int workers =
        options.getInt("workers") == 0
            ? Runtime.getRuntime().availableProcessors()
            : options.getInt("workers");
    SplitDecoding decoding =
        new SplitDecoding(
            shape,
            ImageResizer.Mode.named(options.getString("resize")),
            workers,
            failOnBad,
            cacheFolder,
            report);
    Map<String, DecodedSplit> decoded = new LinkedHashMap<>();
    for (Map.Entry<String, List<ImageFolderScan.SourceFile>> split : files.entrySet()) {
      decoded.put(
          split.getKey(),
          decoding.decode(split.getKey(), roots.get(split.getKey()), split.getValue()));
    }
    PixelNormalization normalization =
        NormalizationOptions.from(options, shape.channels(), () -> decoded.get("train").stats());
    Map<String, Split> splits = store(options, shape, decoded, normalization, cacheFolder != null);
    reportSummary(options.getString("name"), root, classNames, decoded, odd, splits, cacheFolder);
    warnEmptyClasses(classNames, decoded);
    return new Dataset(options.getString("name"), shape, classNames, splits);
  }

  /** Fills the file lists of "train" and "test"; returns the class names. */
  private static List<String> scanSplits(
      Options options,
      Path root,
      Map<String, List<ImageFolderScan.SourceFile>> files,
      Map<String, Path> roots,
      List<ImageFolderScan.BadFile> odd) {
    String trainFolder = options.getString("train_folder");
    String testFolder = options.getString("test_folder");
    if (trainFolder.isEmpty() != testFolder.isEmpty()) {
      throw UserException.of(
          "train_folder and test_folder go together",
          options.owner(),
          "give both (two class-per-folder trees below path), or neither to hold out test_fraction"
              + " of path");
    }
    if (!trainFolder.isEmpty()) {
      ImageFolderScan train =
          ImageFolderScan.of(
              root.resolve(trainFolder), null, options.owner() + ", option train_folder");
      ImageFolderScan test =
          ImageFolderScan.of(
              root.resolve(testFolder),
              train.classNames(),
              options.owner() + ", option test_folder");
      files.put("train", train.files());
      files.put("test", test.files());
      roots.put("train", train.root());
      roots.put("test", test.root());
      odd.addAll(train.odd());
      odd.addAll(test.odd());
      return train.classNames();
    }
    ImageFolderScan all = ImageFolderScan.of(root, null, options.owner() + ", option path");
    odd.addAll(all.odd());
    int[] classSizes = all.classSizes();
    int[][] test =
        StratifiedHoldOut.testIndices(
            classSizes, options.getDouble("test_fraction"), options.getInt("seed"));
    List<ImageFolderScan.SourceFile> trainFiles = new ArrayList<>();
    List<ImageFolderScan.SourceFile> testFiles = new ArrayList<>();
    int first = 0; // index in all.files() of the current class's first file
    for (int k = 0; k < classSizes.length; k++) {
      int next = 0;
      for (int i = 0; i < classSizes[k]; i++) {
        boolean held = next < test[k].length && test[k][next] == i;
        next += held ? 1 : 0;
        (held ? testFiles : trainFiles).add(all.files().get(first + i));
      }
      first += classSizes[k];
    }
    files.put("train", trainFiles);
    files.put("test", testFiles);
    roots.put("train", root);
    roots.put("test", root);
    return all.classNames();
  }

  /** Memory or streamed splits, as {@code storage} and {@code memory_mb} decide. */
  private static Map<String, Split> store(
      Options options,
      ImageShape shape,
      Map<String, DecodedSplit> decoded,
      PixelNormalization normalization,
      boolean cached) {
    long budget = (long) options.getInt("memory_mb") * MIB;
    long total = decoded.values().stream().mapToLong(DecodedSplit::bytes).sum();
    long largest = decoded.values().stream().mapToLong(DecodedSplit::bytes).max().orElse(0);
    String storage = options.getString("storage");
    boolean stream = storage.equals("stream") || (storage.equals("auto") && total > budget);
    if (storage.equals("memory") && largest > Limits.MAX_ARRAY_LENGTH) {
      throw UserException.of(
          "a decoded split needs " + largest / MIB + " MB, more than one Java array holds",
          options.owner() + ", option storage",
          "use storage = \"stream\" or \"auto\"");
    }
    if (stream && !cached) {
      throw UserException.of(
          "decoded images need "
              + total / MIB
              + " MB, more than memory_mb = "
              + budget / MIB
              + ", and streaming reads from the decoded cache, which cache = false turns off",
          options.owner(),
          "set cache = true (streams from disk), or raise memory_mb if the memory is there");
    }
    Map<String, Split> splits = new LinkedHashMap<>();
    long perSplit = Math.max(1, budget / decoded.size());
    int imageBytes = shape.size();
    int chunkImages =
        (int)
            Math.max(
                1, Math.min((long) options.getInt("chunk_mb") * MIB, perSplit / 4) / imageBytes);
    int chunksInMemory = (int) Math.max(1, perSplit / ((long) chunkImages * imageBytes));
    for (Map.Entry<String, DecodedSplit> entry : decoded.entrySet()) {
      DecodedSplit split = entry.getValue();
      splits.put(
          entry.getKey(),
          stream
              ? new MappedImageSplit(split.cache(), chunkImages, chunksInMemory, normalization)
              : new ByteImageSplit(split.pixelsInMemory(), split.labels(), shape, normalization));
    }
    return splits;
  }

  private void reportSummary(
      String name,
      Path root,
      List<String> classNames,
      Map<String, DecodedSplit> decoded,
      List<ImageFolderScan.BadFile> odd,
      Map<String, Split> splits,
      Path cacheFolder) {
    List<String> skipped = new ArrayList<>();
    odd.forEach(bad -> skipped.add(bad.toString()));
    Map<String, Integer> sizes = new TreeMap<>();
    for (DecodedSplit split : decoded.values()) {
      for (String line : split.notes().split("\n")) {
        String[] parts = line.split("\t", 3);
        if (parts[0].equals("skipped") && parts.length == 3) {
          skipped.add(parts[1] + ": " + parts[2]);
        } else if (parts[0].equals("size") && parts.length == 3) {
          sizes.merge(parts[1], Integer.parseInt(parts[2]), Integer::sum);
        }
      }
    }
    int shown = Math.min(skipped.size(), 20);
    skipped.subList(0, shown).forEach(line -> report.accept("warning: skipped " + line));
    if (skipped.size() > shown) {
      report.accept("warning: ... and " + (skipped.size() - shown) + " more skipped files");
    }
    int images = decoded.values().stream().mapToInt(DecodedSplit::count).sum();
    boolean streamed = splits.values().stream().anyMatch(s -> s.chunking().isChunked());
    report.accept(
        String.format(
            "%s %s: %d classes, %s images read%s; source sizes %s; %s",
            name,
            root,
            classNames.size(),
            String.join(
                " + ",
                decoded.entrySet().stream()
                    .map(e -> e.getValue().count() + " " + e.getKey())
                    .toList()),
            skipped.isEmpty()
                ? ""
                : ", " + skipped.size() + " of " + (images + skipped.size()) + " files skipped",
            sizes.isEmpty()
                ? "none"
                : sizes.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .limit(5)
                    .toList(),
            (cacheFolder == null ? "no cache" : "cache " + cacheFolder)
                + (streamed ? ", streamed" : ", in memory")));
  }

  private void warnEmptyClasses(List<String> classNames, Map<String, DecodedSplit> decoded) {
    int[] counts = new int[classNames.size()];
    decoded
        .values()
        .forEach(split -> Arrays.stream(split.labels()).forEach(label -> counts[label]++));
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] == 0) {
        report.accept(
            "warning: class '"
                + classNames.get(k)
                + "' (index "
                + k
                + ") has no images; it keeps its index");
      }
    }
  }
}
