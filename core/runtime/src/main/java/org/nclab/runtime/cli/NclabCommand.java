package org.nclab.runtime.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nclab.api.NclabApi;
import org.nclab.api.UserException;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.plugins.RefusedPlugin;
import org.tensorflow.TensorFlow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The top-level command: global options and the subcommands. Errors a user can cause surface as one
 * line (no stack trace unless {@code --debug}); exit codes: 0 success, 1 failure of the work (e.g.
 * an interrupted run), 2 bad input, 3 internal error.
 */
@Command(
    name = "nclab",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Neural-collapse-aware training and transfer on TensorFlow Java.",
    subcommands = {
      TrainCommand.class,
      ValidateCommand.class,
      DescribeCommand.class,
      PluginsCommand.class,
      BenchCommand.class,
      EvalCommand.class,
      ProbeCommand.class,
      TransferCommand.class,
      StudyCommand.class,
      RankCommand.class,
      DashboardCommand.class,
      DoctorCommand.class,
      DataCommand.class,
      BenchDataCommand.class,
      ExportCommand.class,
      PredictCommand.class,
      FeaturesCommand.class,
      CommandLine.HelpCommand.class
    })
public final class NclabCommand implements Runnable {
  /** Where plugins are found unless {@code --plugins} says otherwise; set by bin/nclab. */
  static final String HOME_PROPERTY = "nclab.home";

  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USER_ERROR = 2;
  public static final int EXIT_INTERNAL_ERROR = 3;

  @Option(
      names = "--plugins",
      description = "plugin folder (default: the distribution's plugins/)",
      scope = CommandLine.ScopeType.INHERIT)
  Path pluginsDir;

  @Option(
      names = "--debug",
      description = "print stack traces of errors",
      scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  PrintStream out;
  PrintStream err;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    NclabCommand top = new NclabCommand();
    top.out = out;
    top.err = err;
    CommandLine cli = new CommandLine(top);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(new UsageErrors());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UserException) {
            err.println("error: " + e.getMessage());
            if (top.debug) {
              e.printStackTrace(err);
            }
            return EXIT_USER_ERROR;
          }
          err.println(
              "internal error: "
                  + e
                  + " (rerun with --debug for the stack trace; please report it)");
          if (top.debug) {
            e.printStackTrace(err);
          }
          return EXIT_INTERNAL_ERROR;
        });
    return cli;
  }

  /** Starts the plugin host and prints a warning line for every refused plugin jar. */
  PluginHost startPlugins() {
    Path dir = pluginsDir != null ? pluginsDir : defaultPluginsDir();
    if (pluginsDir != null && !Files.isDirectory(pluginsDir)) {
      throw UserException.of(
          "plugin folder does not exist",
          pluginsDir.toString(),
          "pass an existing folder to --plugins");
    }
    PluginHost host = PluginHost.start(dir, NclabApi.VERSION, PluginVerdicts.screen());
    for (RefusedPlugin refused : host.refused()) {
      err.println("warning: " + refused.message());
    }
    return host;
  }

  private static Path defaultPluginsDir() {
    String home = System.getProperty(HOME_PROPERTY);
    return home == null ? null : Path.of(home, "plugins");
  }

  /** The version line of {@code nclab --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "nclab " + NclabApi.VERSION + " (TensorFlow " + TensorFlow.version() + ")"
      };
    }
  }
}
