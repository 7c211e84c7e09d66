package org.nclab.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code nclab data}: tools for looking at datasets ({@code describe}). */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Look at a dataset: class counts, image sizes, value statistics and a sample grid.",
    subcommands = {DataDescribeCommand.class})
final class DataCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Override
  public Integer call() {
    new picocli.CommandLine(this).usage(top.out);
    return NclabCommand.EXIT_USER_ERROR;
  }
}
