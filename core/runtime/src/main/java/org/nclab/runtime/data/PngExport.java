package org.nclab.runtime.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;

/**
 * Writes the first images of a split as PNG files in class folders ({@code <k>-<name>/<i>.png}, the
 * index first so the sorted folder names give the same class indices), for the data benchmark.
 * Pixel values in [0, 1] become {@code round(v x 255)}, so 8-bit data round-trips exactly. A marker
 * file records a finished export, which is reused.
 */
public final class PngExport {
  private PngExport() {}

  /** Exports unless {@code folder} already holds this export; returns the number of images. */
  public static int export(Dataset dataset, String splitName, int count, Path folder, int threads) {
    if (dataset.shape().channels() != 1 && dataset.shape().channels() != 3) {
      throw new UserException(
          "only grey or RGB images can be written as PNG; dataset '"
              + dataset.name()
              + "' has "
              + dataset.shape().channels()
              + " channels");
    }
    Split split = dataset.split(splitName);
    int n = Math.min(count, split.size());
    Path marker = folder.resolve(".nclab-export");
    String stamp = dataset.name() + " " + splitName + " " + n + " " + dataset.shape();
    try {
      if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
        return n;
      }
      if (Files.exists(folder)
          && Files.list(folder).anyMatch(p -> !p.getFileName().toString().startsWith("."))) {
        throw UserException.of(
            "folder is not empty and holds no finished export",
            folder.toString(),
            "name an empty or new folder for the generated images");
      }
      int digits = String.valueOf(dataset.numClasses() - 1).length();
      List<Path> classFolders = new ArrayList<>();
      for (int k = 0; k < dataset.numClasses(); k++) {
        String name = dataset.classNames().get(k).replaceAll("[^A-Za-z0-9._-]", "_");
        classFolders.add(
            Files.createDirectories(
                folder.resolve(String.format("%0" + digits + "d-%s", k, name))));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = t;
          parts.add(
              pool.submit(
                  () -> {
                    float[] image = new float[dataset.shape().size()];
                    for (int i = first; i < n; i += threads) {
                      split.copyImage(i, image, 0);
                      write(
                          image,
                          dataset.shape(),
                          classFolders.get(split.label(i)).resolve(i + ".png"));
                    }
                    return null;
                  }));
        }
        for (Future<?> part : parts) {
          part.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while exporting", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("export failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
      Files.writeString(marker, stamp);
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(float[] image, ImageShape shape, Path file) throws IOException {
    int channels = shape.channels();
    BufferedImage png =
        new BufferedImage(
            shape.width(),
            shape.height(),
            channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    int[] samples = new int[shape.height() * shape.width() * channels];
    for (int p = 0, s = 0; p < shape.height() * shape.width(); p++) {
      for (int c = 0; c < channels; c++) {
        samples[s++] = Math.max(0, Math.min(255, Math.round(image[p * channels + c] * 255)));
      }
    }
    png.getRaster().setPixels(0, 0, shape.width(), shape.height(), samples);
    ImageIO.write(png, "png", file.toFile());
  }
}
