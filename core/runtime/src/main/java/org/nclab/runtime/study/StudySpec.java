package org.nclab.runtime.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nclab.runtime.slurm.SlurmSettings;

/**
 * A study file, read and checked: what to pre-train (a base config and its variants), where to
 * transfer (downstream datasets), how (transfer methods), and how to run and summarise it.
 *
 * @param file the study file as the user named it
 * @param folder where the study writes: {@code output/name}
 */
public record StudySpec(
    Path file,
    String name,
    Path folder,
    Execution execution,
    Analysis analysis,
    Base base,
    List<Variant> variants,
    List<Downstream> downstreams,
    List<TransferMethod> transfers) {

  /**
   * How the study runs.
   *
   * @param concurrency variants processed at once, each by its own nclab processes
   * @param retries how often a crashed step is run again
   * @param slurm the {@code [executor.slurm]} options when {@code executor = "slurm"}; null runs
   *     the variants here, as local processes
   */
  public record Execution(int concurrency, int retries, SlurmSettings slurm) {}

  /**
   * How the study measures and summarises.
   *
   * @param seed seed of the bootstrap intervals
   * @param probeMaxPerClass class-balanced sample per class for the NC probes (0: all)
   * @param fitLine whether scatter plots carry a least-squares line ({@code fit_line}, default
   *     true)
   */
  public record Analysis(
      long seed, int bootstrapResamples, int probeMaxPerClass, boolean fitLine) {}

  public StudySpec withConcurrency(int concurrency) {
    return new StudySpec(
        file,
        name,
        folder,
        new Execution(concurrency, execution.retries(), execution.slurm()),
        analysis,
        base,
        variants,
        downstreams,
        transfers);
  }

  /** The same study with only these variants: what one Slurm array task runs. */
  public StudySpec withVariants(List<Variant> only) {
    return new StudySpec(
        file, name, folder, execution, analysis, base, only, downstreams, transfers);
  }

  /**
   * The config every variant starts from.
   *
   * @param file the base config file (absolute), or null when written inline
   * @param inline the inline config's tables (under {@code [base]}), or null
   */
  public record Base(Path file, Map<String, Object> inline) {}

  /**
   * One pre-training run: the base config with {@code settings} applied in order.
   *
   * @param name its run folder's name, unique in the study
   * @param group the variant it is a seed of ({@code [study] seeds}); its own name without seeds
   * @param seed its {@code run.seed} from {@code [study] seeds}, or null
   */
  public record Variant(String name, List<Setting> settings, String group, Long seed) {
    /** A variant without a seeds axis: its own group. */
    public Variant(String name, List<Setting> settings) {
      this(name, settings, name, null);
    }

    /** The settings as {@code nclab train --set} arguments. */
    public List<String> overrides() {
      return settings.stream().map(Setting::override).toList();
    }
  }

  /**
   * One {@code key.path=value} override of a variant.
   *
   * @param where the study file's key path that wrote it (for error lines), e.g. {@code
   *     grid[1].values}
   */
  public record Setting(String key, String value, String where) {
    public String override() {
      return key + "=" + value;
    }
  }

  /**
   * @param dataset a TOML file with the downstream {@code [dataset]} table (absolute)
   */
  public record Downstream(String name, Path dataset) {}

  /**
   * One transfer to run for every variant and downstream dataset.
   *
   * @param shots images per class, or null for all the downstream training data
   * @param draws independent few-shot samples (one transfer.json holds them all), or null for one
   * @param args further arguments for {@code nclab transfer}, passed as written
   */
  public record TransferMethod(String method, Integer shots, Integer draws, List<String> args) {
    /** {@code linear-probe}, {@code scl-10shots}: names its output folder and its rows. */
    public String label() {
      String label = method + (shots == null ? "" : "-" + shots + "shots");
      return args.isEmpty() ? label : label + "-" + Names.safe(String.join("-", args));
    }
  }
}
