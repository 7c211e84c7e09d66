package org.nclab.plugins.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.nclab.api.image.SourcePixels;

/** Writes small generated images in the formats image-folder reads, for tests. */
final class ImageFiles {

  private ImageFiles() {}

  /** {@code height x width x channels} random bytes, channels last. */
  static byte[] randomPixels(int height, int width, int channels, long seed) {
    byte[] pixels = new byte[height * width * channels];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    return pixels;
  }

  /** A grey (1 channel) or RGB (3 channels) image of these pixels. */
  static BufferedImage image(byte[] pixels, int height, int width, int channels) {
    BufferedImage image =
        new BufferedImage(
            width,
            height,
            channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    int[] samples = new int[pixels.length];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = pixels[i] & 0xFF;
    }
    image.getRaster().setPixels(0, 0, width, height, samples);
    return image;
  }

  /** Writes the pixels as {@code format} ("png", "jpeg", "bmp") to {@code file}. */
  static Path write(Path file, String format, byte[] pixels, int height, int width, int channels) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image(pixels, height, width, channels), format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writeBytes(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What ImageIO decodes from the file, as channels-last bytes: the reference for lossy JPEG. */
  static byte[] decoded(Path file) {
    try {
      return SourcePixels.of(ImageIO.read(file.toFile())).pixels();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
