package org.nclab.runtime.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.nclab.api.NclabApi;
import org.nclab.api.UserException;
import org.nclab.runtime.config.TransferConfig;
import org.nclab.runtime.plugins.PluginHost;
import org.nclab.runtime.run.Experiment;

/**
 * What {@code nclab bench} and {@code nclab bench-data} run. The benchmarks (and their hand-written
 * training loop) live in the module nclab-bench, which the distribution puts in lib/; the runtime
 * finds them through {@link ServiceLoader} so that nothing in it depends on them.
 */
public interface Benchmarks {

  /**
   * The trainer against the hand-written loop (or alone), then a per-op profile; returns the table.
   */
  String trainer(
      Experiment experiment,
      int steps,
      int rounds,
      int warmup,
      boolean handLoop,
      int profileSteps,
      PrintStream progress);

  /** Training with only metrics.jsonl against every registry on; returns the table. */
  String metricsOverhead(
      Experiment experiment, int steps, int rounds, int warmup, PrintStream progress);

  /** Decoding, batching and training on streamed against in-memory images; returns the table. */
  String data(
      Experiment experiment,
      PluginHost host,
      Path folder,
      int images,
      int memoryMb,
      int steps,
      int rounds,
      int warmup,
      PrintStream progress);

  /**
   * Fine-tuning steps of full, layer, scl concat and scl bypass on a transfer config's downstream
   * data, alternated; returns the table with medians and ratios.
   */
  String fineTuning(TransferConfig config, int steps, int rounds, int warmup, PrintStream progress);

  /** The benchmarks on the class path, or a user error naming the jar that is missing. */
  static Benchmarks installed() {
    return ServiceLoader.load(Benchmarks.class)
        .findFirst()
        .orElseThrow(
            () ->
                UserException.of(
                    "the benchmarks are not installed",
                    "class path",
                    "run bin/nclab of a distribution, whose lib/ holds nclab-bench-"
                        + NclabApi.VERSION
                        + ".jar"));
  }
}
