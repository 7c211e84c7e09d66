package org.nclab.runtime.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ExtensionUse;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.metrics.MetricsSettings;
import org.nclab.runtime.metrics.PrometheusEndpoint;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.Sessions;
import org.nclab.runtime.train.TrainSettings;
import org.tensorflow.Graph;

/**
 * Every check {@code train} makes before its first step, made without writing anything: {@code
 * validate} runs exactly these, and {@code train} runs them before it creates or touches a run
 * folder, so a config {@code validate} passes does not fail at the start of training, and one it
 * refuses leaves no folder marked failed behind.
 *
 * <p>In order: the run name and output folder, the device, the Prometheus address, the model and
 * objective built in a scratch graph (options only the model can judge, plugins' loss terms), and
 * the probes' taps against the built model.
 */
public final class PreRunChecks {
  private PreRunChecks() {}

  /** What the checks found: the model's size, and warnings about a legal but odd config. */
  public record Report(long trainableParameters, List<String> warnings) {}

  /**
   * @throws UserException for the first problem, with what and where
   */
  public static Report check(Experiment experiment) {
    RunConfig config = experiment.config();
    RunFolder.requireUsable(config.output(), config.name());
    Sessions.requireDevice(SessionSettings.of(config));
    Replicas.resolve(
        config); // refuses more replicas than devices; Experiment.prepare fell back to one
    MetricsSettings metrics = MetricsSettings.of(config.metrics());
    if (metrics.prometheus()) {
      PrometheusEndpoint.address(metrics.prometheusHost());
    }
    long parameters;
    try (Graph graph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, experiment.spec());
      parameters = model.trainableParameters();
      Set<String> taps = model.eval().probeTaps().keySet();
      for (ExtensionUse probe : config.probes()) {
        for (String tap : probe.common().getStringList("taps")) {
          if (!taps.contains(tap)) {
            throw new UserException(
                probe.keyPath()
                    + ".taps: no tap '"
                    + tap
                    + "' in model '"
                    + config.model().id()
                    + "', which has "
                    + taps
                    + "; set taps to some of them, or [] for all");
          }
        }
      }
    }
    return new Report(parameters, warnings(experiment.settings()));
  }

  /** A suspicious but legal schedule: warm-up longer than training, steps after the last epoch. */
  static List<String> warnings(TrainSettings train) {
    List<String> warnings = new ArrayList<>();
    TrainSettings.Schedule schedule = train.schedule();
    if (schedule.warmupEpochs() > train.epochs()) {
      warnings.add(
          "warning: train.warmup_epochs = "
              + schedule.warmupEpochs()
              + " is longer than train.epochs = "
              + train.epochs()
              + ": the learning rate never reaches train.learning_rate");
    }
    List<Integer> late = schedule.stepEpochs().stream().filter(e -> e > train.epochs()).toList();
    if (!late.isEmpty()) {
      warnings.add(
          "warning: train.step_epochs "
              + late
              + " come after the last epoch (train.epochs = "
              + train.epochs()
              + "), so those steps never happen");
    }
    return warnings;
  }
}
