package org.nclab.runtime.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.image.ImageResizer;
import org.nclab.api.image.PixelScale;
import org.nclab.runtime.config.ExtensionUse;

/**
 * How {@code nclab predict} turns an image file into the model's input, as the model's dataset
 * declared it ({@link DatasetProvider#imageResizer}, {@link DatasetProvider#pixelScale}) and
 * nclab-model.json records it ({@code input.resize}, {@code input.pixel_scale}).
 *
 * @param resizer how files of another size or channel count were brought to the input shape; null
 *     when the dataset had no such rule (other sizes are refused)
 * @param scale for a float32 input: how 8-bit pixels became the dataset's floats; null for a uint8
 *     input (the graph maps pixels itself) or when the floats are not pixels
 */
public record ImagePreparation(ImageResizer resizer, PixelScale scale) {
  static final String RESIZE = "resize";
  static final String PIXEL_SCALE = "pixel_scale";

  /** What the run's dataset declares; the scale only matters for a float32 input. */
  static ImagePreparation of(ExtensionUse dataset, InputNormalization input) {
    DatasetProvider provider = (DatasetProvider) dataset.extension();
    PixelScale scale =
        input.takesPixels() ? null : provider.pixelScale(dataset.options()).orElse(null);
    return new ImagePreparation(provider.imageResizer(dataset.options()).orElse(null), scale);
  }

  /** The entries for nclab-model.json's {@code input} object (none for what the dataset lacks). */
  Map<String, Object> describe() {
    Map<String, Object> entries = new LinkedHashMap<>();
    if (resizer != null) {
      Map<String, Object> resize = new LinkedHashMap<>();
      resize.put("mode", resizer.mode().configName());
      resize.put("height", resizer.height());
      resize.put("width", resizer.width());
      resize.put("channels", resizer.channels());
      resize.put(
          "method",
          "antialiased separable bilinear (crop: shorter side, then the centre);"
              + " grey repeated to RGB, RGB to grey by BT.601 luma");
      entries.put(RESIZE, resize);
    }
    if (scale != null) {
      Map<String, Object> pixels = new LinkedHashMap<>();
      pixels.put("mean", toList(scale.mean()));
      pixels.put("std", toList(scale.std()));
      pixels.put("formula", scale.describe());
      entries.put(PIXEL_SCALE, pixels);
    }
    return entries;
  }

  /**
   * One line for people: what predict does with an image file, e.g. {@code other sizes: crop to
   * 16x16 with 3 channel(s), as the dataset did}.
   *
   * @param floats whether the model takes float32 values
   */
  public String summary(boolean floats) {
    String size =
        resizer == null
            ? "other sizes refused (the dataset declares no resizing)"
            : resizer.mode() == ImageResizer.Mode.NONE
                ? "other sizes refused (resize = \"none\"), channels converted to "
                    + resizer.channels()
                : "other sizes: "
                    + resizer.mode().configName()
                    + " to "
                    + resizer.height()
                    + "x"
                    + resizer.width()
                    + " with "
                    + resizer.channels()
                    + " channel(s), as the dataset did";
    if (!floats) {
      return size;
    }
    return scale == null
        ? "refused: the dataset's floats are not pixels (call the SavedModel with its values)"
        : size + "; pixels become floats as " + scale.describe();
  }

  /** Reads what {@link #describe} wrote; an export written before these entries gets nulls. */
  static ImagePreparation read(JsonNode input) {
    JsonNode resize = input.path(RESIZE);
    ImageResizer resizer =
        resize.isObject()
            ? new ImageResizer(
                resize.path("height").asInt(),
                resize.path("width").asInt(),
                resize.path("channels").asInt(),
                ImageResizer.Mode.named(resize.path("mode").asText()))
            : null;
    JsonNode pixels = input.path(PIXEL_SCALE);
    PixelScale scale =
        pixels.isObject()
            ? new PixelScale(toArray(pixels.path("mean")), toArray(pixels.path("std")))
            : null;
    return new ImagePreparation(resizer, scale);
  }

  private static List<Double> toList(double[] values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return list;
  }

  private static double[] toArray(JsonNode values) {
    double[] array = new double[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i).asDouble();
    }
    return array;
  }
}
