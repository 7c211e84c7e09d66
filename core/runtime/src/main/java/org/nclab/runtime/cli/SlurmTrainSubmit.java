package org.nclab.runtime.cli;

import com.moandjiezana.toml.Toml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.slurm.BatchScript;
import org.nclab.runtime.slurm.SlurmClient;
import org.nclab.runtime.slurm.SlurmSettings;

/**
 * {@code nclab train CONFIG --executor slurm [--set executor.slurm.KEY=VALUE]}: checks the config
 * here, then submits one job that runs the same {@code nclab train} on a node, preemptible and
 * requeueable like a study's tasks. The {@code executor.slurm.*} overrides are the job's options,
 * not the run's config: they are taken out of the overrides before the config is loaded.
 */
final class SlurmTrainSubmit {
  private SlurmTrainSubmit() {}

  static int submit(NclabCommand top, ConfigArguments arguments) {
    String prefix = SlurmSettings.TABLE + ".";
    Map<String, Object> table = new LinkedHashMap<>();
    List<String> runOverrides = new ArrayList<>();
    for (String override : arguments.overrides) {
      int equals = override.indexOf('=');
      if (override.startsWith(prefix) && equals > 0) {
        table.put(
            override.substring(prefix.length(), equals).strip(),
            value(override.substring(equals + 1).strip()));
      } else {
        runOverrides.add(override);
      }
    }
    List<String> problems = new ArrayList<>();
    SlurmSettings settings =
        SlurmSettings.of(table, (key, message) -> problems.add("--set " + key + ": " + message));
    if (!problems.isEmpty()) {
      throw new UserException(
          String.join("; ", problems) + " (nclab describe executor.slurm lists the options)");
    }
    RunConfig config;
    try (PluginHost host = top.startPlugins()) {
      config = new ConfigLoader().load(arguments.config, runOverrides, host);
    }
    Path cwd = Path.of("").toAbsolutePath();
    Path folder = cwd.resolve(config.output()).resolve("slurm");
    List<String> command = new ArrayList<>(ProcessInvoker.launcher(home()));
    command.addAll(List.of("train", arguments.config.toAbsolutePath().toString()));
    for (String override : runOverrides) {
      command.addAll(List.of("--set", override));
    }
    if (top.pluginsDir != null) {
      command.addAll(List.of("--plugins", top.pluginsDir.toAbsolutePath().toString()));
    }
    List<String> options = new ArrayList<>(List.of("--job-name=nclab-" + config.name()));
    options.addAll(settings.sbatchOptions());
    Path script = folder.resolve(config.name() + ".sbatch");
    BatchScript.write(
        script,
        "Written by 'nclab train "
            + arguments.config
            + " --executor slurm'; a requeued job"
            + " resumes the run from its last checkpoint.",
        options,
        cwd,
        List.of(BatchScript.setCommand(command)));
    SlurmClient slurm = new SlurmClient("nclab train --executor slurm");
    String id =
        slurm.sbatch(
            List.of("--output=" + folder.resolve(config.name() + "-%j.log")),
            script.toString(),
            List.of());
    top.out.printf(
        "submitted job %s: nclab train %s (run %s); log %s%n",
        id, arguments.config, config.name(), folder.resolve(config.name() + "-" + id + ".log"));
    top.out.printf(
        "follow with: squeue -j %s; the run folder is %s%n",
        id, cwd.resolve(config.output()).resolve(config.name()));
    return 0;
  }

  private static Path home() {
    String home = System.getProperty(NclabCommand.HOME_PROPERTY);
    return home == null ? null : Path.of(home);
  }

  /** A TOML value as {@code --set} reads it, a bare word as a string. */
  private static Object value(String text) {
    try {
      Object value = new Toml().read("v = " + text).toMap().get("v");
      return value == null ? text : value;
    } catch (IllegalStateException e) {
      return text;
    }
  }
}
