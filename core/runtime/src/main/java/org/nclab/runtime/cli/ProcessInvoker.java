package org.nclab.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.nclab.api.UserException;
import org.nclab.runtime.study.NclabInvoker;

/**
 * Runs nclab commands as child processes of this one: the distribution's {@code bin/nclab} when
 * nclab runs from a distribution (so child processes get the same launcher settings), else the same
 * Java with the same class path. Stopping this process (Ctrl-C, SIGTERM) stops the children the
 * same way, so that each checkpoints and ends as "interrupted", ready to resume.
 */
public final class ProcessInvoker implements NclabInvoker, AutoCloseable {
  private final List<String> launcher;
  private final List<String> globalArgs;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();

  /** Set when this process is being stopped: no new child may start (a retry would). */
  private volatile boolean stopping;

  private final Thread stopChildren;

  /**
   * @param home the distribution folder (holding bin/nclab), or null to start Java directly
   * @param globalArgs options for every command, e.g. {@code --plugins DIR}
   */
  public ProcessInvoker(Path home, List<String> globalArgs) {
    this(home, globalArgs, () -> {});
  }

  /**
   * @param afterSignal runs when a signal stops this process, after every child has stopped: the
   *     place to tell the user (the process ends when it returns, so the main thread may not get to
   *     say it)
   */
  public ProcessInvoker(Path home, List<String> globalArgs, Runnable afterSignal) {
    this.launcher = launcher(home);
    this.globalArgs = List.copyOf(globalArgs);
    this.stopChildren =
        new Thread(
            () -> {
              stopAll();
              afterSignal.run();
            },
            "nclab-study-stop-children");
    Runtime.getRuntime().addShutdownHook(stopChildren);
  }

  /**
   * The command that starts nclab: bin/nclab of the distribution at {@code home}, else this Java.
   */
  public static List<String> launcher(Path home) {
    if (home != null && Files.isExecutable(home.resolve("bin/nclab"))) {
      return List.of(home.resolve("bin/nclab").toString());
    }
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        "org.nclab.runtime.cli.Main");
  }

  @Override
  public int run(List<String> args, Path log) throws InterruptedException {
    if (stopping) {
      throw new InterruptedException("the study is stopping");
    }
    List<String> command = new ArrayList<>(launcher);
    command.addAll(args);
    command.addAll(globalArgs);
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Files.writeString(
          log,
          "$ nclab " + String.join(" ", args) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw UserException.of(
          "cannot start nclab: " + e.getMessage(),
          String.join(" ", launcher),
          "check that the distribution is complete and its bin/nclab executable");
    }
    running.add(process);
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      stop(process);
      throw e;
    } finally {
      running.remove(process);
    }
  }

  @Override
  public boolean stopping() {
    return stopping;
  }

  /**
   * Stops every child as SIGTERM would stop this process, and starts no new one: what a Slurm task
   * does on SIGUSR1 (its time limit is near).
   */
  public void stopChildren() {
    stopAll();
  }

  /** SIGTERM to every child: each stops after its current step and checkpoints. */
  private void stopAll() {
    stopping = true;
    running.forEach(ProcessInvoker::stop);
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopChildren);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running and stops the children
    }
  }
}
