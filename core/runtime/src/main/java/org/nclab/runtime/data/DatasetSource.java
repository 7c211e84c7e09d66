package org.nclab.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.options.Options;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.plugins.ExtensionKind;

/**
 * Opens the dataset a user names on the command line: a config file's {@code [dataset]} table, or a
 * folder of data, whose kind is recognised by its files (CIFAR-10 or CIFAR-100 binary files, IDX
 * files, else a folder of class folders for {@code image-folder}).
 */
public final class DatasetSource {
  private DatasetSource() {}

  /**
   * @param overrides {@code key=value}: for a config, {@code --set} overrides ({@code
   *     dataset.height=28}); for a folder, options of the recognised dataset ({@code height=28})
   */
  public static Dataset open(
      Path configOrFolder, List<String> overrides, ExtensionCatalog catalog) {
    if (!Files.isDirectory(configOrFolder)) {
      // The data the model sees: the provider's, then the class subset and per-class sample.
      ConfigLoader.DatasetTable table =
          new ConfigLoader().loadDataset(configOrFolder, overrides, catalog);
      Dataset data = ((DatasetProvider) table.use().extension()).open(table.use().options());
      return DatasetSubsets.apply(data, table.use().common(), table.seed());
    }
    Path folder = configOrFolder.toAbsolutePath().normalize();
    Map<String, Object> given = new LinkedHashMap<>();
    String id = recognise(folder, given);
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new UserException("option '" + override + "' is not KEY=VALUE; write e.g. height=28");
      }
      given.put(override.substring(0, eq).strip(), scalar(override.substring(eq + 1).strip()));
    }
    return open(catalog, id, folder.toString(), given);
  }

  /** Opens dataset {@code id} with {@code given} options over its defaults. */
  public static Dataset open(
      ExtensionCatalog catalog, String id, String where, Map<String, Object> given) {
    DatasetProvider provider =
        (DatasetProvider)
            catalog
                .find(ExtensionKind.DATASET, id)
                .orElseThrow(
                    () ->
                        new UserException(
                            "dataset '"
                                + id
                                + "' for "
                                + where
                                + " is not installed (there are "
                                + catalog.ids(ExtensionKind.DATASET)
                                + "); install the datasets plugin into plugins/"));
    Options options;
    try {
      options = Options.withDefaults("dataset '" + id + "' of " + where, provider.options(), given);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage() + "; see 'nclab describe " + id + "' for the options");
    }
    return provider.open(options);
  }

  private static String recognise(Path folder, Map<String, Object> given) {
    given.put("path", folder.toString());
    if (Files.isRegularFile(folder.resolve("data_batch_1.bin"))) {
      return "cifar";
    }
    if (Files.isRegularFile(folder.resolve("train.bin"))
        && Files.isRegularFile(folder.resolve("test.bin"))) {
      given.put("variant", "cifar-100");
      return "cifar";
    }
    if (Files.isRegularFile(folder.resolve("train-images-idx3-ubyte.gz"))) {
      return "idx";
    }
    return "image-folder";
  }

  /** A command-line value as TOML would type it: boolean, integer, number, else string. */
  private static Object scalar(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    if (text.matches("-?\\d+")) {
      return Long.parseLong(text);
    }
    if (text.matches("-?\\d*\\.\\d+([eE]-?\\d+)?")) {
      return Double.parseDouble(text);
    }
    return text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2
        ? text.substring(1, text.length() - 1)
        : text;
  }
}
