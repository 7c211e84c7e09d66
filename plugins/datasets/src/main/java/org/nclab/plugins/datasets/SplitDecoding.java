package org.nclab.plugins.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.nclab.api.image.ImageResizer;

/**
 * Decodes one split's image files, through the decoded cache when there is one: a cache whose
 * fingerprint matches is used as it is; otherwise the files are decoded in parallel and written to
 * a new cache file, and the split's older cache files are deleted.
 *
 * <p>The fingerprint is the SHA-256 of the decode options (shape, resize mode) and of every file's
 * path below the root, size, modification time and class, so adding, removing, replacing or
 * relabelling any file, or changing the options, makes a new cache.
 */
final class SplitDecoding {
  private final ImageShape shape;
  private final ImageResizer.Mode resize;
  private final int workers;
  private final boolean failOnBadFile;
  private final Path cacheFolder;
  private final Consumer<String> report;

  /**
   * @param cacheFolder where cache files go, or null for no cache
   */
  SplitDecoding(
      ImageShape shape,
      ImageResizer.Mode resize,
      int workers,
      boolean failOnBadFile,
      Path cacheFolder,
      Consumer<String> report) {
    this.shape = shape;
    this.resize = resize;
    this.workers = workers;
    this.failOnBadFile = failOnBadFile;
    this.cacheFolder = cacheFolder;
    this.report = report;
  }

  DecodedSplit decode(String split, Path root, List<ImageFolderScan.SourceFile> files) {
    if (cacheFolder == null) {
      DecodedSplit.InMemory memory = new DecodedSplit.InMemory(shape, files.size());
      String notes = decodeAll(files, memory::add);
      return memory.finish(notes);
    }
    byte[] fingerprint = fingerprint(root, files);
    Path file =
        cacheFolder.resolve(split + "-" + HexFormat.of().formatHex(fingerprint, 0, 8) + ".bin");
    DecodedCacheFile.Contents cached = DecodedCacheFile.open(file, shape, fingerprint);
    if (cached != null) {
      return DecodedSplit.of(cached);
    }
    try (DecodedCacheFile.Writer writer = new DecodedCacheFile.Writer(file, shape, fingerprint)) {
      String notes =
          decodeAll(
              files,
              (image, label) -> {
                try {
                  writer.add(image, label);
                } catch (IOException e) {
                  throw cannotWrite(file, e);
                }
              });
      DecodedCacheFile.Contents written = writer.finish(notes);
      deleteOlder(split, file);
      return DecodedSplit.of(written);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  /** Something that takes decoded images in file order. */
  private interface ImageSink {
    void add(byte[] image, int label);
  }

  /** Decodes every file into {@code sink}; returns the notes (skipped files, source sizes). */
  private String decodeAll(List<ImageFolderScan.SourceFile> files, ImageSink sink) {
    Map<String, Integer> sizes = new TreeMap<>();
    List<ImageFolderScan.BadFile> skipped = new ArrayList<>();
    List<Path> paths = files.stream().map(ImageFolderScan.SourceFile::path).toList();
    new ParallelDecoder(
            new ImageResizer(shape.height(), shape.width(), shape.channels(), resize), workers)
        .decode(
            paths,
            decoded -> {
              Path path = paths.get(decoded.index());
              if (decoded.sourceSize() != null) {
                sizes.merge(decoded.sourceSize(), 1, Integer::sum);
              }
              if (!decoded.ok()) {
                if (failOnBadFile) {
                  throw UserException.of(
                      "unreadable image: " + decoded.failure(),
                      path.toString(),
                      "fix or remove the file, or set on_bad_file = \"skip\" in [dataset] to skip"
                          + " such files");
                }
                skipped.add(new ImageFolderScan.BadFile(path, decoded.failure()));
                return;
              }
              sink.add(decoded.pixels(), files.get(decoded.index()).label());
            });
    StringBuilder notes = new StringBuilder();
    skipped.forEach(
        bad ->
            notes
                .append("skipped\t")
                .append(bad.path())
                .append('\t')
                .append(bad.reason())
                .append('\n'));
    sizes.forEach(
        (size, count) ->
            notes.append("size\t").append(size).append('\t').append(count).append('\n'));
    return notes.toString();
  }

  private byte[] fingerprint(Path root, List<ImageFolderScan.SourceFile> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      StringBuilder text = new StringBuilder("nclab image-folder cache v1\n");
      text.append(shape).append(' ').append(resize).append('\n');
      for (ImageFolderScan.SourceFile f : files) {
        text.append(root.relativize(f.path()))
            .append('\t')
            .append(f.size())
            .append('\t')
            .append(f.modifiedMillis())
            .append('\t')
            .append(f.label())
            .append('\n');
        if (text.length() > 1 << 16) {
          digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
          text.setLength(0);
        }
      }
      digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The split's cache files of other fingerprints: stale once the new one is in place. */
  private void deleteOlder(String split, Path current) {
    try (DirectoryStream<Path> old = Files.newDirectoryStream(cacheFolder, split + "-*.bin")) {
      for (Path path : old) {
        if (!path.equals(current)) {
          Files.deleteIfExists(path);
          report.accept("deleted the stale decoded cache " + path);
        }
      }
    } catch (IOException e) {
      report.accept(
          "warning: could not delete stale cache files in "
              + cacheFolder
              + " ("
              + e.getMessage()
              + ")");
    }
  }

  private static UserException cannotWrite(Path file, IOException e) {
    return UserException.of(
        "cannot write the decoded cache (" + e.getMessage() + ")",
        file.toString(),
        "free disk space or make the folder writable, set cache_folder to another folder, or cache"
            + " = false");
  }
}
