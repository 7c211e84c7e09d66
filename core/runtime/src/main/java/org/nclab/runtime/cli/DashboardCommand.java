package org.nclab.runtime.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nclab.runtime.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Serve the dashboard of a run folder, or of a folder of runs (a study) with a table of its"
            + " runs, on http://127.0.0.1:PORT/ until Ctrl-C. Runs still training update live.")
final class DashboardCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Parameters(
      index = "0",
      paramLabel = "RUN_OR_STUDY_DIR",
      description = "a run folder (runs/quickstart) or a folder of runs (runs)")
  Path folder;

  @Option(
      names = "--port",
      defaultValue = "8050",
      description = "port on 127.0.0.1; 0: any free port (default ${DEFAULT-VALUE})")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try (DashboardServer server = DashboardServer.start(folder, port)) {
      top.out.printf("dashboard of %s: %s (Ctrl-C stops it)%n", folder, server.url());
      top.out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "nclab-dashboard-stop"));
      stopped.await(); // the server's threads are daemons: this thread keeps the JVM serving
    }
    return 0;
  }
}
