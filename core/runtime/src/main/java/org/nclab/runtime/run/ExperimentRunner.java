package org.nclab.runtime.run;

import com.google.common.base.Ticker;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.nclab.api.NclabApi;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ResolvedConfigWriter;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.metrics.MeterRegistries;
import org.nclab.runtime.metrics.MetricsSettings;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.plugins.PluginInfo;
import org.nclab.runtime.probe.ProbeListener;
import org.nclab.runtime.probe.ProbeSuite;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.Sessions;
import org.nclab.runtime.text.Plural;
import org.nclab.runtime.train.ConsoleReporter;
import org.nclab.runtime.train.NonFiniteLossException;
import org.nclab.runtime.train.ResumePoint;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainingListener;
import org.nclab.runtime.train.TrainingState;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs one experiment end to end: run folder, resolved config, graph, training with progress,
 * metrics and checkpoints, and {@code run.json} kept current (running, then finished, interrupted
 * or failed).
 *
 * <p>Ctrl-C or SIGTERM asks the loop to stop after the current step; the run then ends cleanly with
 * status "interrupted", its last complete checkpoint intact.
 */
public final class ExperimentRunner {
  private final PluginHost host;
  private final PrintStream out;
  private final boolean interactive;
  private final RunFolderViewer dashboard;

  public ExperimentRunner(PluginHost host, PrintStream out, boolean interactive) {
    this(host, out, interactive, null);
  }

  private ExperimentRunner(
      PluginHost host, PrintStream out, boolean interactive, RunFolderViewer dashboard) {
    this.host = host;
    this.out = out;
    this.interactive = interactive;
    this.dashboard = dashboard;
  }

  /**
   * A runner that serves the live dashboard of the run once its folder is known, and prints its
   * address; the caller closes it (and may keep it serving after training).
   */
  public ExperimentRunner withDashboard(RunFolderViewer dashboard) {
    return new ExperimentRunner(host, out, interactive, dashboard);
  }

  /** The outcome of a run: its folder, last epoch's metrics and whether all epochs ran. */
  public record Outcome(RunFolder folder, Map<String, Double> metrics, boolean completed) {}

  public Outcome train(Experiment experiment) {
    return train(experiment, ResumeMode.AUTO);
  }

  public Outcome train(Experiment experiment, ResumeMode mode) {
    var config = experiment.config();
    // The checks validate makes, before anything is written under run.output.
    PreRunChecks.check(experiment).warnings().forEach(out::println);
    RunStart start = RunStart.plan(config, mode, host);
    RunFolder folder = start.folder();
    try (AutoCloseable lock = folder.lock()) {
      return train(experiment, start, folder);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("could not release the run folder lock", e);
    }
  }

  private Outcome train(Experiment experiment, RunStart start, RunFolder folder) {
    var config = experiment.config();
    if (start.note() != null) {
      out.println(start.note());
    }
    ResolvedConfigWriter.write(config, folder.config());
    out.printf("run folder: %s%n", folder.path());

    RunInfoFile infoFile = new RunInfoFile(folder.runInfo());
    boolean[] fitting = {false};
    try (Graph graph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, experiment.spec());
      RunInfo info = initialInfo(experiment, model);
      infoFile.write(info);
      out.printf(
          "dataset %s: %d train / %d test, %s, %d classes; model %s: %,d trainable parameters%n",
          info.data().dataset(),
          info.data().trainExamples(),
          info.data().testExamples(),
          info.data().imageShape(),
          info.data().classNames().size(),
          info.model().id(),
          info.model().trainableParameters());
      if (!model.unreachedByObjective().isEmpty()) {
        out.printf(
            "warning: %d trainable variables get no gradient from the objective and keep their"
                + " initial values: %s%n",
            model.unreachedByObjective().size(), model.unreachedByObjective());
      }

      MetricsSettings watching = MetricsSettings.of(config.metrics());
      try (Session session = Sessions.open(graph, SessionSettings.of(config));
          MeterRegistries registries = new MeterRegistries(watching);
          TensorBoardListener tensorBoard =
              watching.tensorboard()
                  ? new TensorBoardListener(folder.path(), Clock.systemUTC())
                  : null) {
        if (dashboard != null) {
          out.printf("dashboard: %s%n", dashboard.serve(folder.path()));
        }
        registries.describe().forEach(out::println);
        Checkpoints.Metadata restored = restoreOrInitialise(session, model, start, folder);
        try (MetricsLog metrics =
            new MetricsLog(folder.metrics(), registries.registry(), config.name())) {
          Trainer trainer = newTrainer(experiment, model, session, folder, metrics, tensorBoard);
          fitting[0] = true;
          return fitUntilDoneOrStopped(trainer, restored, experiment, info, infoFile, folder);
        }
      }
    } catch (RuntimeException e) {
      if (!fitting[0]) {
        recordEarlyFailure(infoFile, config.name(), e); // fitting records its own failures
      }
      throw e;
    }
  }

  /** A run that failed before training started still says so in run.json. */
  private static void recordEarlyFailure(RunInfoFile infoFile, String name, RuntimeException e) {
    try {
      infoFile.write(
          new RunInfo(
              new RunInfo.Identity(name, NclabApi.VERSION, null, 0, Map.of()),
              new RunInfo.Data(null, null, List.of(), 0, 0),
              new RunInfo.Model(null, 0),
              new RunInfo.Outcome("failed", null, now(), 0, Map.of(), e.getMessage())));
    } catch (RuntimeException writeFailure) {
      e.addSuppressed(writeFailure);
    }
  }

  private Trainer newTrainer(
      Experiment experiment,
      TrainingGraph model,
      Session session,
      RunFolder folder,
      MetricsLog metrics,
      TensorBoardListener tensorBoard) {
    var config = experiment.config();
    List<TrainingListener> listeners =
        new ArrayList<>(
            List.of(
                // Probes first: they add their metrics to the epoch's for the others to see.
                new ProbeListener(
                    new ProbeSuite(
                        session,
                        model,
                        experiment.dataset(),
                        experiment.settings().evalBatchSize(),
                        config.seed()),
                    config.probes()),
                new ConsoleReporter(out, interactive),
                new MetricsListener(metrics),
                new CheckpointListener(
                    new Checkpoints(folder.path(), config.checkpoint().getInt("keep")),
                    config.checkpoint().getInt("every_epochs"),
                    config.checkpoint().getInt("every_steps"))));
    if (tensorBoard != null) {
      listeners.add(tensorBoard);
    }
    return new Trainer(
        model,
        session,
        experiment.dataset(),
        experiment.settings(),
        config.seed(),
        listeners,
        Ticker.systemTicker());
  }

  /**
   * Trains and records how the run ended in run.json. On Ctrl-C or SIGTERM the JVM runs the hook
   * below and halts when it returns, so the hook holds the exit until the loop has stopped after
   * its current step and run.json says "interrupted".
   */
  private Outcome fitUntilDoneOrStopped(
      Trainer trainer,
      Checkpoints.Metadata restored,
      Experiment experiment,
      RunInfo info,
      RunInfoFile infoFile,
      RunFolder folder) {
    CountDownLatch finished = new CountDownLatch(1);
    Thread stopOnSignal =
        new Thread(
            () -> {
              Optional<String> exitCaller = ExitCaller.find();
              if (exitCaller.isPresent()) {
                // Code running in the run (a plugin) called System.exit: the loop will not come
                // back to write run.json, so the hook says who it was and records the failure.
                String reason =
                    exitCaller.get()
                        + " called System.exit during the run, ending nclab; a plugin"
                        + " must throw instead: report it to the plugin's author";
                System.err.println("error: " + reason);
                try {
                  infoFile.write(
                      info.withStatus(
                          "failed", now(), trainer.state().epoch() - 1, Map.of(), reason));
                } catch (RuntimeException e) {
                  System.err.println("error: could not record the failure in run.json: " + e);
                }
                return;
              }
              trainer.state().requestStop();
              awaitQuietly(finished);
            },
            "nclab-stop-on-signal");
    Runtime.getRuntime().addShutdownHook(stopOnSignal);
    // SIGUSR1 (Slurm: the time limit is near, --signal=B:USR1@N) stops like SIGTERM, without the
    // JVM exiting
    // under the loop: the run checkpoints where it stopped, ends "interrupted", and 'nclab train'
    // exits 1.
    SignalHandler previousUsr1 =
        Signal.handle(new Signal("USR1"), signal -> trainer.state().requestStop());
    try {
      Map<String, Double> last;
      try {
        last = trainer.fit(restored.resume());
      } catch (RuntimeException e) {
        RuntimeException reported = e;
        Optional<String> unwritable = folder.unwritable();
        if (unwritable.isPresent()) {
          // run.json cannot say "failed" here either; readers see its free lock (RunInfoFile.read)
          throw unwritableFolder(folder, unwritable.get(), e);
        }
        if (e instanceof NonFiniteLossException) {
          // Name the checkpoint to go back to; the trainer does not know the run folder.
          String lastCheckpoint =
              new Checkpoints(folder.path(), Integer.MAX_VALUE)
                  .latest()
                  .map(p -> "the last checkpoint is " + p.getFileName())
                  .orElse("no checkpoint was written yet");
          reported = new UserException(e.getMessage() + " (" + lastCheckpoint + ")", e);
        }
        try {
          infoFile.write(
              info.withStatus(
                  "failed", now(), trainer.state().epoch() - 1, Map.of(), reported.getMessage()));
        } catch (RuntimeException writeFailure) {
          reported.addSuppressed(
              writeFailure); // the reason the run failed matters more (e.g. a full disk)
        }
        throw reported;
      }
      // Complete means every epoch ran, even when a stop arrived during the last evaluation.
      boolean completed = trainer.state().epoch() > experiment.settings().epochs();
      if (last.isEmpty()) {
        last = restored.metrics(); // resumed after the last epoch: nothing left to train
      }
      int epochs = completed ? experiment.settings().epochs() : trainer.state().epoch() - 1;
      try {
        infoFile.write(
            info.withStatus(
                completed ? "finished" : "interrupted", now(), epochs, new TreeMap<>(last), null));
      } catch (RuntimeException e) {
        Optional<String> unwritable = folder.unwritable();
        if (unwritable.isPresent()) {
          throw unwritableFolder(folder, unwritable.get(), e);
        }
        throw e;
      }
      if (!completed) {
        out.println(interruptedLine(trainer.state(), epochs, folder));
        out.flush();
      }
      return new Outcome(folder, last, completed);
    } finally {
      finished.countDown();
      removeHook(stopOnSignal);
      Signal.handle(new Signal("USR1"), previousUsr1);
    }
  }

  /**
   * The run folder stopped accepting writes mid-run (made read-only, unmounted): a one-line error
   * saying what to do, not an internal error; every checkpoint written before stays readable.
   */
  static UserException unwritableFolder(RunFolder folder, String reason, RuntimeException cause) {
    String resumesAt =
        new Checkpoints(folder.path(), Integer.MAX_VALUE)
            .latest()
            .map(p -> "resume from checkpoint " + p.getFileName())
            .orElse("start it again (no checkpoint was written)");
    return new UserException(
        "the run folder "
            + folder.path()
            + " can no longer be written ("
            + reason
            + "), so the run stopped;"
            + " make it writable and run the same command again to "
            + resumesAt,
        cause);
  }

  /**
   * Where an interrupted run stands and where it resumes: the checkpoint written where it stopped
   * (mid-epoch) or the last epoch-end one, never "0 complete epochs" as if nothing was kept.
   */
  static String interruptedLine(TrainingState state, int epochs, RunFolder folder) {
    String where =
        state.batchInEpoch() > 0
            ? "interrupted in epoch "
                + state.epoch()
                + " at step "
                + state.batchInEpoch()
                + " of "
                + state.batchesInEpoch()
                + (epochs > 0 ? " (after " + Plural.of(epochs, "complete epoch") + ")" : "")
            : "interrupted after " + Plural.of(epochs, "complete epoch");
    String resumesAt =
        new Checkpoints(folder.path(), Integer.MAX_VALUE)
            .latest()
            .map(
                p ->
                    "it resumes from checkpoint "
                        + p.getFileName()
                        + " in "
                        + folder.path().resolve("checkpoints"))
            .orElse("no checkpoint was written, so it starts again from the beginning");
    return where + "; " + resumesAt + "; run the same command again to resume";
  }

  /**
   * Restores the newest readable checkpoint of a resumed run (warning about and skipping any that
   * fail) and cuts metrics.jsonl back to it; initialises the variables of a fresh run.
   */
  private Checkpoints.Metadata restoreOrInitialise(
      Session session, TrainingGraph model, RunStart start, RunFolder folder) {
    Checkpoints checkpoints = new Checkpoints(folder.path(), Integer.MAX_VALUE);
    for (var checkpoint : start.checkpoints()) {
      try {
        Checkpoints.Metadata meta = checkpoints.restore(session, checkpoint);
        MetricsLog.truncateAfter(folder.metrics(), meta.step());
        return meta;
      } catch (UserException e) {
        out.println(
            "warning: skipping unreadable checkpoint "
                + checkpoint.getFileName()
                + ": "
                + e.getMessage());
      }
    }
    if (!start.checkpoints().isEmpty()) {
      out.println(
          "warning: no checkpoint of " + folder.path() + " could be read; training from the start");
    }
    MetricsLog.truncateAfter(folder.metrics(), 0);
    session.run(model.initializer());
    return new Checkpoints.Metadata(0, 0, ResumePoint.start(), Map.of());
  }

  private RunInfo initialInfo(Experiment experiment, TrainingGraph model) {
    var config = experiment.config();
    var dataset = experiment.dataset();
    Map<String, String> plugins = new TreeMap<>();
    for (PluginInfo plugin : host.plugins()) {
      plugins.put(plugin.id(), plugin.version());
    }
    return new RunInfo(
        new RunInfo.Identity(
            config.name(), NclabApi.VERSION, TensorFlow.version(), config.seed(), plugins),
        new RunInfo.Data(
            dataset.name(),
            dataset.shape().toString(),
            dataset.classNames(),
            dataset.split(Trainer.TRAIN_SPLIT).size(),
            dataset.split(Trainer.TEST_SPLIT).size()),
        new RunInfo.Model(config.model().id(), model.trainableParameters()),
        new RunInfo.Outcome("running", now(), null, 0, Map.of(), null));
  }

  private static String now() {
    return Instant.now().toString();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      // Give the loop time to finish its step and write run.json; never hang the JVM's exit.
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting because of the signal; the hook is running and will return.
    }
  }
}
