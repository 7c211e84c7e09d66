package org.nclab.api.data;

import java.util.Optional;
import org.nclab.api.Extension;
import org.nclab.api.image.ImageResizer;
import org.nclab.api.image.PixelScale;
import org.nclab.api.options.Options;

/**
 * Opens a dataset named in a config's {@code [dataset]} table.
 *
 * <p>Life cycle: the runtime validates the table against {@link #options()}, resolves {@link
 * org.nclab.api.options.OptionType#PATH} options against the config file's folder, then calls
 * {@link #open} once per run, before the graph is built. Opening reads and validates the data; a
 * missing, truncated or malformed file must raise {@link org.nclab.api.UserException} naming the
 * file and what to do, never return short data.
 *
 * <p>To write one: implement {@link Split} (or fill an {@link ArraySplit}), return a {@link
 * Dataset}, annotate the class with {@code @org.pf4j.Extension}.
 */
public interface DatasetProvider extends Extension {

  /**
   * Reads and checks the data; called once per run, before the graph is built.
   *
   * @param options the validated {@code [dataset]} options, paths already resolved
   * @return the opened dataset, with a "train" and a "test" split for training
   * @throws org.nclab.api.UserException for missing or malformed data, naming the file and the fix
   */
  Dataset open(Options options);

  /**
   * How this dataset brings an image file of another size or channel count to its shape, when it
   * reads image files; {@code nclab export} records it and {@code nclab predict} applies it to new
   * files, so they reach the model as the dataset's own did. Empty (the default): other sizes are
   * refused.
   *
   * @param options the same validated options {@link #open} gets
   */
  default Optional<ImageResizer> imageResizer(Options options) {
    return Optional.empty();
  }

  /**
   * How this dataset's floats relate to 8-bit pixels, for a dataset that yields floats made from
   * images (e.g. values / 255): {@code nclab predict} then feeds PNG, JPEG and IDX files to a model
   * trained on it. Empty (the default): the floats are not pixels, and predict refuses image files.
   *
   * @param options the same validated options {@link #open} gets
   */
  default Optional<PixelScale> pixelScale(Options options) {
    return Optional.empty();
  }
}
