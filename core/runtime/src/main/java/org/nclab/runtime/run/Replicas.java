package org.nclab.runtime.run;

import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.api.options.OptionSpec;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.graph.Replication;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.VisibleDevices;

/**
 * Turns {@code [run] replicas} and {@code [model] sync_batch_norm} into a {@link Replication}
 * against the devices TensorFlow sees: towers go on GPUs when the session sees any, else on virtual
 * CPU devices (at most one per core: more would only split the same threads further).
 */
public final class Replicas {
  private Replicas() {}

  /**
   * What {@link #resolve} gives, or one tower when the devices or the batch do not allow the
   * configured count: for commands that only evaluate a run (eval, probe, export, transfer), which
   * never build the training towers they would need, on whatever machine they run. {@code train},
   * {@code validate} and {@code bench} check with {@link #resolve} first.
   */
  public static Replication resolveOrSingle(RunConfig config) {
    try {
      return resolve(config);
    } catch (UserException e) {
      return Replication.SINGLE;
    }
  }

  /**
   * @throws UserException when the config asks for more towers than devices, or a batch they cannot
   *     share
   */
  public static Replication resolve(RunConfig config) {
    @SuppressWarnings("unchecked")
    Map<String, Object> run = (Map<String, Object>) config.resolved().get("run");
    Object asked = run.get("replicas");
    if (asked == null || Integer.valueOf(1).equals(asked)) {
      return Replication.SINGLE; // no device query: a one-replica run starts as it always did
    }
    SessionSettings settings = SessionSettings.of(config);
    long gpus =
        VisibleDevices.list(settings.configProto()).stream()
            .filter(VisibleDevices.Device::isGpu)
            .count();
    int cores = Runtime.getRuntime().availableProcessors();
    int replicas;
    if (OptionSpec.AUTO.equals(asked)) {
      replicas = (int) Math.max(gpus, 1);
    } else {
      replicas = (Integer) asked;
      if (gpus > 0 && replicas > gpus) {
        throw UserException.of(
            "run.replicas = "
                + replicas
                + " but TensorFlow sees "
                + gpus
                + " GPU"
                + (gpus == 1 ? "" : "s"),
            "[run] replicas",
            "set replicas to at most " + gpus + ", or \"auto\" for every visible GPU");
      }
      if (gpus == 0 && replicas > cores) {
        throw UserException.of(
            "run.replicas = "
                + replicas
                + " but this machine has no GPU TensorFlow can use and "
                + cores
                + " CPU core"
                + (cores == 1 ? "" : "s")
                + " (one virtual CPU device per replica, at most one per core)",
            "[run] replicas",
            "set replicas to at most "
                + cores
                + ", or run on a machine with "
                + replicas
                + " GPUs");
      }
    }
    if (replicas == 1) {
      return Replication.SINGLE;
    }
    int batch = config.train().getInt("batch_size");
    if (batch % replicas != 0) {
      throw UserException.of(
          "train.batch_size = "
              + batch
              + " does not divide into "
              + replicas
              + " equal shares, one per replica",
          "[run] replicas = \"auto\"",
          "set train.batch_size to a multiple of " + replicas);
    }
    return new Replication(replicas, gpus > 0, config.model().common().getBool("sync_batch_norm"));
  }
}
