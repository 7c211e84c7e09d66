package org.nclab.api.data;

import org.nclab.api.Extension;
import org.nclab.api.options.Options;

/**
 * Opens a dataset named in a config's {@code [dataset]} table.
 *
 * <p>Life cycle: the runtime validates the table against {@link #options()}, resolves
 * {@link org.nclab.api.options.OptionType#PATH} options against the config file's folder, then
 * calls {@link #open} once per run, before the graph is built. Opening reads and validates the
 * data; a missing, truncated or malformed file must raise {@link org.nclab.api.UserException}
 * naming the file and what to do, never return short data.
 *
 * <p>To write one: implement {@link Split} (or fill an {@link ArraySplit}), return a
 * {@link Dataset}, annotate the class with {@code @org.pf4j.Extension}.
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
}
