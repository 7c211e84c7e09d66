package org.nclab.runtime.export;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.nclab.api.image.ImageResizer;
import org.nclab.api.image.SourcePixels;

/**
 * The images {@code nclab predict} reads: PNG and JPEG files, folders of them (walked in sorted
 * order), and IDX image files (gzipped or not, one channel). Files are decoded by the API's {@link
 * SourcePixels} and, when the model's dataset declared a resizer, brought to the model's shape by
 * that same {@link ImageResizer}, as the dataset brought its own files; without one, an image must
 * have the model's height, width and channel count, or the command stops naming the file and the
 * size expected.
 */
public final class PredictInputs {
  private static final int IDX3_MAGIC = 0x00000803;
  private static final int IDX1_MAGIC = 0x00000801;

  /** One image to predict: a display name and where its pixels are. */
  record Item(String name, Path file, IdxImages idx, int idxIndex) {}

  /** An IDX file's images, one channel, {@code rows x cols} each. */
  record IdxImages(byte[] pixels, int rows, int cols) {}

  private final List<Item> items;
  private final ImageShape shape;
  private final ImageResizer resizer;

  private PredictInputs(List<Item> items, ImageShape shape, ImageResizer resizer) {
    this.items = items;
    this.shape = shape;
    this.resizer = resizer;
  }

  /**
   * Lists every image under the given paths; IDX files are read whole (their pixels are small).
   *
   * @param resizer the model's dataset's resizer, or null when it had none
   */
  public static PredictInputs collect(List<Path> paths, ImageShape shape, ImageResizer resizer) {
    if (resizer != null
        && (resizer.height() != shape.height()
            || resizer.width() != shape.width()
            || resizer.channels() != shape.channels())) {
      throw new IllegalArgumentException(
          "resizer to "
              + resizer.height()
              + "x"
              + resizer.width()
              + "x"
              + resizer.channels()
              + " for a model of "
              + shape);
    }
    List<Item> items = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          for (Path file :
              walk.filter(f -> Files.isRegularFile(f) && isImage(f)).sorted().toList()) {
            items.add(new Item(file.toString(), file, null, 0));
          }
        } catch (IOException e) {
          throw UserException.of(
              "cannot list the folder: " + e.getMessage(), path.toString(), "check permissions");
        }
      } else if (!Files.isRegularFile(path)) {
        throw UserException.of(
            "no such file or folder",
            path.toString(),
            "pass PNG or JPEG files, folders of them or IDX files");
      } else if (isImage(path)) {
        items.add(new Item(path.toString(), path, null, 0));
      } else {
        IdxImages idx = readIdxImages(path, shape, resizer);
        int count = idx.pixels().length / (idx.rows() * idx.cols());
        for (int i = 0; i < count; i++) {
          items.add(new Item(path + "#" + i, path, idx, i));
        }
      }
    }
    if (items.isEmpty()) {
      throw UserException.of(
          "no images found",
          paths.toString(),
          "pass PNG or JPEG files, folders of them or IDX files");
    }
    return new PredictInputs(items, shape, resizer);
  }

  public int size() {
    return items.size();
  }

  public String name(int index) {
    return items.get(index).name();
  }

  /** Copies image {@code index}'s 8-bit values (height, width, channel order) to {@code dst}. */
  public void copyPixels(int index, byte[] dst, int offset) {
    Item item = items.get(index);
    SourcePixels source;
    if (item.idx() != null) {
      IdxImages idx = item.idx();
      int size = idx.rows() * idx.cols();
      if (idx.rows() == shape.height() && idx.cols() == shape.width() && shape.channels() == 1) {
        System.arraycopy(idx.pixels(), item.idxIndex() * size, dst, offset, size);
        return;
      }
      byte[] one = new byte[size];
      System.arraycopy(idx.pixels(), item.idxIndex() * size, one, 0, size);
      source = new SourcePixels(one, idx.rows(), idx.cols(), 1);
    } else {
      try {
        source = SourcePixels.read(item.file());
      } catch (IOException e) {
        throw UserException.of(
            "unreadable image: " + e.getMessage(),
            item.file().toString(),
            "replace or remove the file");
      }
    }
    byte[] pixels = prepare(source, item.name());
    System.arraycopy(pixels, 0, dst, offset, shape.size());
  }

  /** The dataset's resizer when there is one, else the pixels as they are if they fit. */
  private byte[] prepare(SourcePixels source, String name) {
    if (resizer != null) {
      try {
        return resizer.apply(source);
      } catch (IllegalArgumentException refused) {
        throw UserException.of(
            "the image " + refused.getMessage() + ": the model's dataset refused other sizes",
            name,
            "convert it to " + shape.height() + "x" + shape.width() + " first");
      }
    }
    if (source.height() != shape.height()
        || source.width() != shape.width()
        || source.channels() != shape.channels()) {
      throw UserException.of(
          "the image is "
              + source.size()
              + " with "
              + source.channels()
              + " channel(s); the model takes "
              + shape.height()
              + "x"
              + shape.width()
              + " with "
              + shape.channels()
              + " channel(s) and its dataset declared no resizing",
          name,
          "convert it to that size and channel count first");
    }
    return source.pixels();
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
  }

  /** The images of an idx3 file: of the model's shape (one channel), or any size with a resizer. */
  static IdxImages readIdxImages(Path file, ImageShape shape, ImageResizer resizer) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != IDX3_MAGIC) {
        throw UserException.of(
            "not a PNG, JPEG or IDX image file (first bytes 0x" + Integer.toHexString(magic) + ")",
            file.toString(),
            "pass .png/.jpg files, folders of them, or an idx3 image file");
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      boolean fits = rows == shape.height() && cols == shape.width() && shape.channels() == 1;
      if (!fits
          && (resizer == null
              || resizer.mode() == ImageResizer.Mode.NONE
                  && (rows != shape.height() || cols != shape.width()))) {
        throw UserException.of(
            "the IDX images are "
                + rows
                + "x"
                + cols
                + " with 1 channel; the model takes "
                + shape.height()
                + "x"
                + shape.width()
                + " with "
                + shape.channels()
                + " channel(s) and its dataset declared no resizing"
                + (resizer == null ? "" : " of other sizes"),
            file.toString(),
            "pass images of the model's size");
      }
      if (rows <= 0 || cols <= 0) {
        throw UserException.of(
            "the IDX header gives " + rows + "x" + cols + " images",
            file.toString(),
            "replace it with a valid idx3 file");
      }
      byte[] pixels = new byte[Math.multiplyExact(count, rows * cols)];
      in.readFully(pixels);
      return new IdxImages(pixels, rows, cols);
    } catch (EOFException e) {
      throw UserException.of(
          "the IDX file is truncated", file.toString(), "replace it with a complete copy");
    } catch (IOException e) {
      throw UserException.of(
          "unreadable IDX file: " + e.getMessage(), file.toString(), "check the file");
    }
  }

  /** The labels of an idx1 file. */
  public static int[] readIdxLabels(Path file) {
    try (DataInputStream in = open(file)) {
      if (in.readInt() != IDX1_MAGIC) {
        throw UserException.of(
            "not an IDX label file (idx1)",
            file.toString(),
            "pass the labels file that goes with the images");
      }
      int[] labels = new int[in.readInt()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = in.readUnsignedByte();
      }
      return labels;
    } catch (EOFException e) {
      throw UserException.of(
          "the IDX label file is truncated", file.toString(), "replace it with a complete copy");
    } catch (IOException e) {
      throw UserException.of(
          "unreadable IDX label file: " + e.getMessage(), file.toString(), "check the file");
    }
  }

  /** Gzip is recognised by content, as the idx dataset does. */
  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    InputStream in =
        b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw;
    return new DataInputStream(in);
  }
}
