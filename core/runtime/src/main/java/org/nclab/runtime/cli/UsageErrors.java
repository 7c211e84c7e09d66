package org.nclab.runtime.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nclab.api.options.OptionSpec;
import org.nclab.runtime.config.CoreSections;
import org.nclab.runtime.config.Suggestions;
import org.nclab.runtime.plugins.ExtensionKind;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a user sees after a command line picocli cannot parse: the usage of the command they meant
 * first, then one error line last (where the eye lands), with the closest commands or options
 * ranked by edit distance, and {@code --set table.key=VALUE} for an option that is really a config
 * key ({@code --epochs 1}). A mistyped command is caught before picocli reads on: otherwise {@code
 * nclab descrbe train} would be parsed as {@code nclab train} with a missing CONFIG.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine top = ex.getCommandLine();
    while (top.getParent() != null) {
      top = top.getParent();
    }
    PrintWriter err = top.getErr();
    String unknownCommand = unknownCommand(top, args);
    if (unknownCommand != null) {
      err.println(unknownCommand);
      return NclabCommand.EXIT_USER_ERROR;
    }
    CommandLine at = ex.getCommandLine();
    at.usage(err);
    err.println();
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
      err.println(unmatchedMessage(at.getCommandSpec(), unmatched.getUnmatched(), List.of(args)));
    } else {
      err.println(
          "error: "
              + ex.getMessage()
              + " ("
              + at.getCommandSpec().qualifiedName()
              + " --help shows the usage)");
    }
    return NclabCommand.EXIT_USER_ERROR;
  }

  /**
   * Walks the command line down the subcommands; returns the error for the first word that stands
   * where a subcommand must (a command with subcommands and no parameters of its own) but names
   * none, or null.
   */
  static String unknownCommand(CommandLine top, String[] args) {
    CommandLine at = top;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      CommandSpec spec = at.getCommandSpec();
      if (arg.startsWith("-")) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        CommandLine.Model.OptionSpec option = spec.findOption(name);
        if (option != null && !arg.contains("=") && option.arity().min() > 0) {
          i++; // the option's value
        }
        continue;
      }
      CommandLine sub = at.getSubcommands().get(arg);
      if (sub != null) {
        at = sub;
        continue;
      }
      if (at.getSubcommands().isEmpty() || !spec.positionalParameters().isEmpty()) {
        return null; // a parameter of this command
      }
      List<String> closest = Suggestions.ranked(arg, at.getSubcommands().keySet());
      String name = spec.qualifiedName();
      return "error: unknown command '"
          + name
          + " "
          + arg
          + "'"
          + (closest.isEmpty() ? "" : "; did you mean: " + String.join(", ", closest) + "?")
          + " ('"
          + name
          + " --help' lists the commands)";
    }
    return null;
  }

  /** "error: unknown option '--epochs'; ... --set train.epochs=1" and the like. */
  static String unmatchedMessage(CommandSpec spec, List<String> unmatched, List<String> args) {
    List<String> lines = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String arg : unmatched) {
      if (!arg.startsWith("-")) {
        if (!values.remove(arg)) {
          lines.add("error: unexpected argument '" + arg + "'");
        }
        continue;
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      // The word after the option on the command line is its value, wherever picocli put it.
      int at = args.indexOf(arg);
      String next =
          at >= 0 && at + 1 < args.size() && !args.get(at + 1).startsWith("-")
              ? args.get(at + 1)
              : null;
      String value =
          arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : next != null ? next : "VALUE";
      if (!arg.contains("=") && next != null) {
        values.add(next);
      }
      StringBuilder line = new StringBuilder("error: unknown option '" + name + "'");
      String key = configKey(name);
      List<String> options = new ArrayList<>();
      spec.options().stream()
          .filter(o -> !o.hidden())
          .forEach(o -> options.addAll(List.of(o.names())));
      List<String> closest = Suggestions.ranked(name, options);
      if (key != null && spec.findOption("--set") != null) {
        line.append("; config values are set with --set: --set ")
            .append(key)
            .append('=')
            .append(value);
      } else if (!closest.isEmpty()) {
        line.append("; did you mean: ").append(String.join(", ", closest)).append('?');
      } else if (key != null) {
        line.append("; '").append(key).append("' is a config key: set it in the config file");
      }
      lines.add(line.toString());
    }
    return String.join("\n", lines);
  }

  /** The config key an option name stands for ({@code --epochs} is train.epochs), or null. */
  static String configKey(String option) {
    String bare = option.replaceFirst("^-+", "").replace('-', '_');
    for (Map.Entry<String, List<OptionSpec>> section : CoreSections.BY_TABLE.entrySet()) {
      for (OptionSpec key : section.getValue()) {
        if (key.name().equals(bare)) {
          return section.getKey() + "." + bare;
        }
      }
    }
    for (OptionSpec key : CoreSections.commonOptions(ExtensionKind.DATASET)) {
      if (key.name().equals(bare)) {
        return "dataset." + bare;
      }
    }
    return null;
  }
}
