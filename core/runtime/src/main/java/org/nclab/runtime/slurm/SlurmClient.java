package org.nclab.runtime.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;

/**
 * The cluster's own command-line clients ({@code sbatch}, {@code squeue}, {@code scontrol}, {@code
 * scancel}) run as processes: nclab ships and pins no Slurm, so it speaks whatever version the
 * cluster runs. They find the cluster as they always do (slurm.conf, or {@code SLURM_CONF}).
 */
public final class SlurmClient {
  private final String where;

  /**
   * @param where what chose Slurm, for messages: {@code [study] executor = "slurm"}, {@code
   *     --executor slurm}
   */
  public SlurmClient(String where) {
    this.where = where;
  }

  /** What one command printed, and how it ended. */
  record Result(int exit, String out, String err) {}

  /** {@code sbatch --version}: fails with the usual advice where there is no sbatch. */
  public String version() {
    return run(List.of("sbatch", "--version")).out().strip();
  }

  /**
   * Submits a batch script.
   *
   * @return the job id ({@code sbatch --parsable} prints {@code ID} or {@code ID;CLUSTER})
   */
  public String sbatch(List<String> options, String script, List<String> scriptArgs) {
    List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
    command.addAll(options);
    command.add(script);
    command.addAll(scriptArgs);
    Result result = run(command);
    if (result.exit() != 0) {
      throw new UserException(
          "sbatch refused the job: "
              + oneLine(result.err().isBlank() ? result.out() : result.err())
              + "; fix [executor.slurm] (nclab describe executor.slurm) or the cluster's limits");
    }
    String id = result.out().strip().split(";")[0];
    if (!id.matches("\\d+")) {
      throw new UserException(
          "sbatch printed no job id but '"
              + oneLine(result.out())
              + "'; check that sbatch supports --parsable (Slurm 14.03 or newer)");
    }
    return id;
  }

  /**
   * The state of every queued or running job named {@code name}, array tasks one by one.
   *
   * @return job id ({@code 123} or {@code 123_4}) to Slurm's state ({@code PENDING}, {@code
   *     RUNNING}, ...)
   */
  public Map<String, String> queue(String name) {
    Result result = run(List.of("squeue", "-h", "-r", "--name=" + name, "-o", "%i|%T"));
    if (result.exit() != 0) {
      throw new UserException(
          "squeue failed: " + oneLine(result.err()) + "; is the Slurm controller reachable?");
    }
    Map<String, String> jobs = new LinkedHashMap<>();
    for (String line : result.out().lines().toList()) {
      String[] cells = line.strip().split("\\|");
      if (cells.length == 2) {
        jobs.put(cells[0], cells[1]);
      }
    }
    return jobs;
  }

  /**
   * {@code MaxArraySize} of the cluster's configuration: array indices run from 0 to one below it.
   */
  public int maxArraySize() {
    Result result = run(List.of("scontrol", "show", "config"));
    if (result.exit() == 0) {
      for (String line : result.out().lines().toList()) {
        String[] cells = line.split("=", 2);
        if (cells.length == 2 && cells[0].strip().equals("MaxArraySize")) {
          return Integer.parseInt(cells[1].strip());
        }
      }
    }
    return 1001; // Slurm's documented default
  }

  /** Cancels these jobs (whole arrays when given an array's id). */
  public void cancel(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("scancel"));
    command.addAll(ids);
    Result result = run(command);
    if (result.exit() != 0) {
      throw new UserException("scancel failed: " + oneLine(result.err()));
    }
  }

  Result run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      // squeue and scontrol print little; read stderr after stdout without a deadlock risk worth a
      // thread.
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.waitFor(), out, err);
    } catch (IOException e) {
      throw UserException.of(
          "cannot run " + command.get(0) + ": it is not installed or not on PATH",
          where,
          "run nclab on a Slurm login node, install Slurm's clients (Debian: apt-get install"
              + " slurm-client), or use the local executor");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while waiting for " + command.get(0));
    }
  }

  /** The tool's lines joined, without their "sbatch: error: " prefixes. */
  private static String oneLine(String text) {
    return String.join(
        "; ",
        text.strip()
            .lines()
            .map(String::strip)
            .map(line -> line.replaceFirst("^[a-z]+: error: ", ""))
            .filter(line -> !line.isEmpty())
            .toList());
  }
}
