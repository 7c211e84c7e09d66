package org.nclab.plugins.datasets;

import java.nio.file.Path;
import org.nclab.api.UserException;
import org.nclab.api.data.ArraySplit;
import org.nclab.api.data.ImageShape;

/**
 * Reads the MNIST family's IDX files into memory.
 *
 * <p>The format, all integers big-endian:
 *
 * <ul>
 *   <li>images (idx3): magic {@code 0x00000803}, image count, rows, columns, then count x rows x
 *       columns unsigned bytes, image after image, row after row;
 *   <li>labels (idx1): magic {@code 0x00000801}, label count, then one unsigned byte per label.
 * </ul>
 *
 * <p>Either file may be gzipped (MNIST, Fashion-MNIST and KMNIST ship {@code .gz} files and users
 * often unpack them), which is recognised by content. Every problem is a {@link UserException}
 * naming the file and, where it helps, the byte offset; see {@link IdxFile}.
 */
final class IdxReader {

  /** The images of one idx3 file: one channel, pixels scaled from 0..255 to [0, 1]. */
  record Images(int count, ImageShape shape, float[] pixels) {}

  /** A split read from an image file and its label file. */
  record LoadedSplit(ImageShape shape, ArraySplit split) {}

  private IdxReader() {}

  /** Reads a label file first (small, so a wrong one fails fast), then its image file. */
  static LoadedSplit readSplit(Path imageFile, Path labelFile, int numClasses) {
    int[] labels = readLabels(labelFile, numClasses);
    Images images = readImages(imageFile);
    if (images.count() != labels.length) {
      throw UserException.of(
          "image and label counts differ: "
              + images.count()
              + " images but "
              + labels.length
              + " labels",
          imageFile + " and " + labelFile,
          "use the label file that belongs to these images");
    }
    return new LoadedSplit(images.shape(), new ArraySplit(images.pixels(), labels, images.shape()));
  }

  static Images readImages(Path file) {
    try (IdxFile idx = IdxFile.open(file)) {
      int[] dims = idx.readHeader(IdxKind.IMAGES);
      float[] pixels = toUnitInterval(idx.readPayload());
      return new Images(dims[0], new ImageShape(dims[1], dims[2], 1), pixels);
    }
  }

  /** Reads labels and requires each to be a class index below {@code numClasses}. */
  static int[] readLabels(Path file, int numClasses) {
    try (IdxFile idx = IdxFile.open(file)) {
      idx.readHeader(IdxKind.LABELS);
      byte[] bytes = idx.readPayload();
      int[] labels = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        labels[i] = bytes[i] & 0xFF;
        if (labels[i] >= numClasses) {
          throw idx.itemError(
              "label " + i + " is " + labels[i] + ", not below num_classes = " + numClasses,
              i,
              "raise num_classes to cover every label, or use the right label file");
        }
      }
      return labels;
    }
  }

  /** One pass over a primitive array: the bulk of loading time, so no streams or boxing here. */
  private static float[] toUnitInterval(byte[] pixels) {
    float[] scaled = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      scaled[i] = (pixels[i] & 0xFF) / 255f;
    }
    return scaled;
  }
}
