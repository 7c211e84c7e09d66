package org.nclab.runtime.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nclab.api.Extension;
import org.nclab.api.UserException;
import org.nclab.api.options.OptionSpec;
import org.nclab.runtime.config.CoreSections;
import org.nclab.runtime.plugins.ExtensionKind;
import org.nclab.runtime.plugins.PluginHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Prints the options of an extension ({@code nclab describe cnn}) or of a core config section
 * ({@code nclab describe train}): name, type, default, range and doc, straight from the
 * declarations the validator uses.
 */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Show the options of an extension id or a config section.")
final class DescribeCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description =
          "an extension id (cnn), a config section (run, train, checkpoint, transfer, metrics)"
              + " or a kind of table (dataset, model, regularizer, augmentation, probe)")
  String id;

  @Override
  public Integer call() {
    try (PluginHost host = top.startPlugins()) {
      if (id == null) {
        top.out.println("config sections: " + CoreSections.BY_TABLE.keySet());
        for (ExtensionKind kind : ExtensionKind.values()) {
          top.out.println(kind.table() + " ids: " + host.ids(kind));
        }
        top.out.println("run 'nclab describe ID' for the options of one of them");
        return 0;
      }
      for (ExtensionKind kind : ExtensionKind.values()) {
        if (kind.table().equals(id)) {
          // The kinds the listing above names: their ids and the keys every table of the kind has.
          top.out.println(
              "["
                  + id
                  + "] ids: "
                  + host.ids(kind)
                  + " (run 'nclab describe ID' for the options of one)");
          top.out.println("keys of every [" + id + "] table, read by nclab:");
          print(CoreSections.commonOptions(kind));
          return 0;
        }
      }
      List<OptionSpec> section = CoreSections.BY_TABLE.get(id);
      if (section != null) {
        top.out.println("[" + id + "]");
        print(section);
        return 0;
      }
      List<String> known = new ArrayList<>(CoreSections.BY_TABLE.keySet());
      for (ExtensionKind kind : ExtensionKind.values()) {
        var found = host.find(kind, id);
        if (found.isPresent()) {
          Extension extension = found.get();
          top.out.printf(
              "%s '%s' (from %s): %s%n",
              kind.table(), id, host.providerOf(extension), extension.summary());
          print(extension.options());
          List<OptionSpec> common = CoreSections.commonOptions(kind);
          if (!common.isEmpty()) {
            top.out.println("keys of every [" + kind.table() + "] table, read by nclab:");
            print(common);
          }
          return 0;
        }
        known.addAll(host.ids(kind));
      }
      throw new UserException("no extension or section named '" + id + "'; known: " + known);
    }
  }

  private void print(List<OptionSpec> options) {
    if (options.isEmpty()) {
      top.out.println("  (no options)");
    }
    for (OptionSpec option : options) {
      String value =
          option.required()
              ? option.doc().contains("; default: ") ? "optional" : "required"
              : "default " + format(option.defaultValue());
      String limits =
          option.min() != null || option.max() != null
              ? ", range " + option.rangeText()
              : option.choices().isEmpty() ? "" : ", one of " + option.choices();
      top.out.printf(
          "  %-18s %-18s %s%s%n      %s%n",
          option.name(), option.type().tomlName(), value, limits, option.doc());
    }
  }

  private static String format(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
