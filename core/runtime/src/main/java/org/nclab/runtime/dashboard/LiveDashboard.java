package org.nclab.runtime.dashboard;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The dashboard of {@code nclab train --dashboard}: started once the run folder is known, and kept
 * serving after training ends so that an open tab keeps its charts, until Ctrl-C.
 */
public final class LiveDashboard implements AutoCloseable {
  private final int port;
  private DashboardServer server;

  /**
   * @param port 0 for any free port
   */
  public LiveDashboard(int port) {
    this.port = port;
  }

  /** Starts serving {@code runFolder} (once; later calls return the same server). */
  public synchronized DashboardServer serve(Path runFolder) {
    if (server == null) {
      server = DashboardServer.start(runFolder, port);
    }
    return server;
  }

  /**
   * Says so and blocks until Ctrl-C or SIGTERM (the JVM's shutdown hooks run); returns at once if
   * nothing was served. The server's threads are daemons, so this thread is what keeps it up.
   */
  public void serveUntilStopped(PrintStream out) throws InterruptedException {
    String url;
    synchronized (this) {
      if (server == null) {
        return;
      }
      url = server.url();
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "nclab-dashboard-stop"));
    out.printf("training has ended; the dashboard keeps serving on %s until Ctrl-C%n", url);
    out.flush();
    stopped.await();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
