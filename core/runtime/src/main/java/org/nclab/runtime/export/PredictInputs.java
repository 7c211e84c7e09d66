package org.nclab.runtime.export;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
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
import javax.imageio.ImageIO;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;

/**
 * The images {@code nclab predict} reads: PNG and JPEG files, folders of them (walked in sorted
 * order), and IDX image files (gzipped or not, one channel). Images are not resized: each must
 * have the model's height, width and channel count, or the command stops naming the file.
 */
public final class PredictInputs {
  private static final int IDX3_MAGIC = 0x00000803;
  private static final int IDX1_MAGIC = 0x00000801;

  /** One image to predict: a display name and where its pixels are. */
  record Item(String name, Path file, byte[] idxPixels, int idxIndex) {}

  private final List<Item> items;
  private final ImageShape shape;

  private PredictInputs(List<Item> items, ImageShape shape) {
    this.items = items;
    this.shape = shape;
  }

  /** Lists every image under the given paths; IDX files are read whole (their pixels are small). */
  public static PredictInputs collect(List<Path> paths, ImageShape shape) {
    List<Item> items = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          for (Path file : walk.filter(f -> Files.isRegularFile(f) && isImage(f)).sorted().toList()) {
            items.add(new Item(file.toString(), file, null, 0));
          }
        } catch (IOException e) {
          throw UserException.of("cannot list the folder: " + e.getMessage(), path.toString(), "check permissions");
        }
      } else if (!Files.isRegularFile(path)) {
        throw UserException.of("no such file or folder", path.toString(),
            "pass PNG or JPEG files, folders of them or IDX files");
      } else if (isImage(path)) {
        items.add(new Item(path.toString(), path, null, 0));
      } else {
        byte[] pixels = readIdxImages(path, shape);
        int count = pixels.length / shape.size();
        for (int i = 0; i < count; i++) {
          items.add(new Item(path + "#" + i, path, pixels, i));
        }
      }
    }
    if (items.isEmpty()) {
      throw UserException.of("no images found", paths.toString(),
          "pass PNG or JPEG files, folders of them or IDX files");
    }
    return new PredictInputs(items, shape);
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
    if (item.idxPixels() != null) {
      System.arraycopy(item.idxPixels(), item.idxIndex() * shape.size(), dst, offset, shape.size());
    } else {
      decode(item.file(), dst, offset);
    }
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
  }

  private void decode(Path file, byte[] dst, int offset) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      image = null;
    }
    if (image == null) {
      throw UserException.of("unreadable image (not a PNG or JPEG nclab can decode)", file.toString(),
          "replace or remove the file");
    }
    Raster raster = image.getRaster();
    boolean gray = raster.getNumBands() == 1 && !(image.getColorModel() instanceof IndexColorModel);
    int channels = gray ? 1 : image.getColorModel().hasAlpha() ? 4 : 3;
    if (image.getHeight() != shape.height() || image.getWidth() != shape.width() || channels != shape.channels()
        || (gray && raster.getSampleModel().getSampleSize(0) != 8)) {
      throw UserException.of(
          "the image is " + image.getHeight() + "x" + image.getWidth() + " with " + channels + " channel(s)"
              + (gray && raster.getSampleModel().getSampleSize(0) != 8 ? " of 16 bits" : "")
              + "; the model takes " + shape.height() + "x" + shape.width() + " with " + shape.channels()
              + " channel(s) of 8 bits",
          file.toString(),
          "convert it to that size and channel count first (predict does not resize)");
    }
    int h = shape.height();
    int w = shape.width();
    if (gray) {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          dst[offset + y * w + x] = (byte) row[x];
        }
      }
      return;
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = image.getRGB(x, y);
        int at = offset + (y * w + x) * 3;
        dst[at] = (byte) (argb >> 16);
        dst[at + 1] = (byte) (argb >> 8);
        dst[at + 2] = (byte) argb;
      }
    }
  }

  /** The pixels of an idx3 file whose images have the model's shape (one channel). */
  static byte[] readIdxImages(Path file, ImageShape shape) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != IDX3_MAGIC) {
        throw UserException.of(
            "not a PNG, JPEG or IDX image file (first bytes 0x" + Integer.toHexString(magic) + ")",
            file.toString(), "pass .png/.jpg files, folders of them, or an idx3 image file");
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (rows != shape.height() || cols != shape.width() || shape.channels() != 1) {
        throw UserException.of(
            "the IDX images are " + rows + "x" + cols + " with 1 channel; the model takes " + shape.height() + "x"
                + shape.width() + " with " + shape.channels() + " channel(s)",
            file.toString(), "pass images of the model's size");
      }
      byte[] pixels = new byte[Math.multiplyExact(count, rows * cols)];
      in.readFully(pixels);
      return pixels;
    } catch (EOFException e) {
      throw UserException.of("the IDX file is truncated", file.toString(), "replace it with a complete copy");
    } catch (IOException e) {
      throw UserException.of("unreadable IDX file: " + e.getMessage(), file.toString(), "check the file");
    }
  }

  /** The labels of an idx1 file. */
  public static int[] readIdxLabels(Path file) {
    try (DataInputStream in = open(file)) {
      if (in.readInt() != IDX1_MAGIC) {
        throw UserException.of("not an IDX label file (idx1)", file.toString(),
            "pass the labels file that goes with the images");
      }
      int[] labels = new int[in.readInt()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = in.readUnsignedByte();
      }
      return labels;
    } catch (EOFException e) {
      throw UserException.of("the IDX label file is truncated", file.toString(), "replace it with a complete copy");
    } catch (IOException e) {
      throw UserException.of("unreadable IDX label file: " + e.getMessage(), file.toString(), "check the file");
    }
  }

  /** Gzip is recognised by content, as the idx dataset does. */
  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    InputStream in = b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw;
    return new DataInputStream(in);
  }
}
