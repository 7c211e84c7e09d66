package org.nclab.runtime.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nclab.api.options.OptionSpec;
import org.nclab.runtime.config.CoreSections;

/**
 * The {@code [executor.slurm]} options as sbatch arguments. Every job nclab submits can be
 * preempted and requeued: {@code --requeue}, and SIGUSR1 to the batch shell {@code signal_seconds}
 * before the time limit, on which the run checkpoints and the job requeues itself.
 */
public record SlurmSettings(
    String partition,
    String account,
    String qos,
    String time,
    int cpusPerTask,
    String mem,
    int gpusPerTask,
    int maxParallel,
    List<String> extra,
    int signalSeconds) {

  /** The key path of the table in a study file and of {@code --set} overrides. */
  public static final String TABLE = "executor.slurm";

  /**
   * Checks a table against {@link CoreSections#EXECUTOR_SLURM}; every problem goes to {@code
   * problems} as (key path, message), and the result is only meaningful when there was none.
   */
  public static SlurmSettings of(Map<String, ?> table, BiConsumer<String, String> problems) {
    List<String> known = CoreSections.EXECUTOR_SLURM.stream().map(OptionSpec::name).toList();
    for (String key : table.keySet()) {
      if (!known.contains(key)) {
        problems.accept(TABLE + "." + key, "unknown key; [" + TABLE + "] takes " + known);
      }
    }
    Object[] values = new Object[known.size()];
    for (int i = 0; i < known.size(); i++) {
      OptionSpec spec = CoreSections.EXECUTOR_SLURM.get(i);
      Object raw = table.containsKey(spec.name()) ? table.get(spec.name()) : spec.defaultValue();
      Object value = spec.coerce(raw);
      if (value instanceof OptionSpec.Invalid invalid) {
        problems.accept(TABLE + "." + spec.name(), invalid.reason());
        value = spec.coerce(spec.defaultValue());
      }
      values[i] = value;
    }
    List<String> extra = ((List<?>) values[8]).stream().map(String::valueOf).toList();
    return new SlurmSettings(
        (String) values[0],
        (String) values[1],
        (String) values[2],
        (String) values[3],
        (Integer) values[4],
        (String) values[5],
        (Integer) values[6],
        (Integer) values[7],
        extra,
        (Integer) values[9]);
  }

  /**
   * The {@code #SBATCH} options of every job: resources, then requeue and the signal, then {@code
   * extra}.
   */
  public List<String> sbatchOptions() {
    List<String> options = new ArrayList<>();
    add(options, "--partition", partition);
    add(options, "--account", account);
    add(options, "--qos", qos);
    add(options, "--time", time);
    if (cpusPerTask > 0) {
      options.add("--cpus-per-task=" + cpusPerTask);
    }
    add(options, "--mem", mem);
    if (gpusPerTask > 0) {
      options.add("--gres=gpu:" + gpusPerTask);
    }
    options.add("--requeue");
    options.add("--open-mode=append");
    options.add("--signal=B:USR1@" + signalSeconds);
    options.addAll(extra);
    return options;
  }

  private static void add(List<String> options, String flag, String value) {
    if (!value.isBlank()) {
      options.add(flag + "=" + value);
    }
  }
}
