package org.nclab.runtime.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.nclab.runtime.metrics.tensorboard.EventFileWriter;
import org.nclab.runtime.train.TrainingListener;
import org.nclab.runtime.train.TrainingState;

/**
 * Writes a run's figures as TensorBoard scalars: log windows into {@code tensorboard/step/}, epoch
 * results (test figures and probes included) into {@code tensorboard/epoch/}. TensorBoard shows the
 * two folders as two runs, so {@code train/loss} per window and per epoch share one chart, as
 * Keras's train and validation folders do. The x axis is the training step in both.
 *
 * <p>{@code tensorboard --logdir runs/} then lists every run's {@code NAME/tensorboard/step} and
 * {@code NAME/tensorboard/epoch}. Files open on the first record and flush after each, so a live
 * TensorBoard sees a running run.
 */
public final class TensorBoardListener implements TrainingListener, AutoCloseable {
  public static final String FOLDER = "tensorboard";

  private final Path folder;
  private final Clock clock;
  private final String host;
  private long startStep = -1;
  private EventFileWriter steps;
  private EventFileWriter epochs;

  public TensorBoardListener(Path runFolder, Clock clock) {
    this.folder = runFolder.resolve(FOLDER);
    this.clock = clock;
    this.host = hostName();
  }

  /** Where this attempt starts: TensorBoard drops an earlier attempt's events after this step. */
  @Override
  public void onTrainStart(TrainingState state) {
    startStep = state.step();
  }

  @Override
  public void onStepsLogged(TrainingState state, Map<String, Double> metrics) {
    if (steps == null) {
      steps = EventFileWriter.create(folder.resolve("step"), start(state), clock, host);
    }
    steps.scalars(state.step(), metrics);
    steps.flush();
  }

  @Override
  public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
    if (epochs == null) {
      epochs = EventFileWriter.create(folder.resolve("epoch"), start(state), clock, host);
    }
    epochs.scalars(state.step(), metrics);
    epochs.flush();
  }

  private long start(TrainingState state) {
    return startStep >= 0 ? startStep : state.step();
  }

  @Override
  public void onTrainEnd(TrainingState state, boolean completed) {
    close();
  }

  @Override
  public void close() {
    if (steps != null) {
      steps.close();
      steps = null;
    }
    if (epochs != null) {
      epochs.close();
      epochs = null;
    }
  }

  // TensorFlow names event files after the host; a machine without a name still gets a file.
  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
