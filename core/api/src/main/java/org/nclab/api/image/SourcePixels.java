package org.nclab.api.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An image's 8-bit pixels as stored, before any resizing: height x width x channels (1 grey or 3
 * RGB), row after row. Alpha is dropped.
 *
 * <p>In the API so that a dataset that reads image files and {@code nclab predict}, which reads new
 * ones for a model trained on it, decode them through the same code.
 */
public record SourcePixels(byte[] pixels, int height, int width, int channels) {

  /**
   * Decodes a PNG, JPEG or BMP file.
   *
   * @throws IOException whose message is the reason, fit for a one-line error naming the file
   */
  public static SourcePixels read(Path file) throws IOException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot decode (" + firstLine(e) + ")", e);
    }
    if (image == null) {
      throw new IOException("no decoder recognises its content (not a PNG, JPEG or BMP image?)");
    }
    return of(image);
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse("");
  }

  /**
   * The pixels of a decoded image, exactly as the file stores them where it can: grey and RGB
   * component images (PNG, JPEG, most BMP) are read from the raster, 16-bit samples keep their high
   * byte; palette and packed images go through their colour model ({@code getRGB}), which for them
   * is exact. {@code getRGB} is not used for component grey because Java treats that grey as linear
   * and would re-encode it.
   */
  public static SourcePixels of(BufferedImage image) {
    int height = image.getHeight();
    int width = image.getWidth();
    Raster raster = image.getRaster();
    if (image.getColorModel() instanceof ComponentColorModel model
        && (raster.getTransferType() == DataBuffer.TYPE_BYTE
            || raster.getTransferType() == DataBuffer.TYPE_USHORT)) {
      int colours = model.getNumColorComponents();
      if (colours == 1 || colours == 3) {
        int shift = raster.getTransferType() == DataBuffer.TYPE_USHORT ? 8 : 0;
        int bands = raster.getNumBands();
        int[] row = new int[width * bands];
        byte[] pixels = new byte[height * width * colours];
        int at = 0;
        for (int y = 0; y < height; y++) {
          raster.getPixels(0, y, width, 1, row);
          for (int x = 0; x < width; x++) {
            for (int c = 0; c < colours; c++) {
              pixels[at++] = (byte) (row[x * bands + c] >>> shift);
            }
          }
        }
        return new SourcePixels(pixels, height, width, colours);
      }
    }
    boolean grey = image.getColorModel().getNumColorComponents() == 1;
    int channels = grey ? 1 : 3;
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] pixels = new byte[height * width * channels];
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      if (grey) {
        pixels[i] = (byte) (p & 0xFF); // a grey palette has R = G = B
      } else {
        pixels[i * 3] = (byte) (p >>> 16);
        pixels[i * 3 + 1] = (byte) (p >>> 8);
        pixels[i * 3 + 2] = (byte) p;
      }
    }
    return new SourcePixels(pixels, height, width, channels);
  }

  /** The size as "HxW". */
  public String size() {
    return height + "x" + width;
  }
}
