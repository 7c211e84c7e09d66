package org.nclab.runtime.config;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;
import org.nclab.runtime.plugins.ExtensionKind;

/**
 * The options of the config sections that nclab's core owns, declared as {@link OptionSpec}s like
 * any extension's, so that one validation path checks them and {@code nclab describe} can print
 * them. Every option here has a default: {@code [train]} and {@code [checkpoint]} may be left out.
 */
public final class CoreSections {

  /** {@code [run]}. {@code name} has no fixed default: it defaults to the config file's name. */
  public static final List<OptionSpec> RUN =
      List.of(
          OptionSpec.string(
              "name",
              "the run's name, used for its folder; default: the config file's name without .toml"),
          OptionSpec.integer("seed", "seed of every random choice in the run")
              .range(0, Integer.MAX_VALUE)
              .defaultValue(42),
          OptionSpec.string(
                  "output",
                  "folder that holds run folders, relative to the working directory (not the"
                      + " config's folder)")
              .defaultValue("runs"),
          // How TensorFlow runs the graph (SessionSettings in package session); docs/gpu.md.
          OptionSpec.string(
                  "device",
                  "where the graph runs: a GPU when one is visible (auto), the CPU,"
                      + " or a GPU or refuse to start (gpu)")
              .oneOf("auto", "cpu", "gpu")
              .defaultValue("auto"),
          OptionSpec.bool(
                  "memory_growth", "GPU: take memory as needed instead of all of it at start")
              .defaultValue(true),
          OptionSpec.bool(
                  "mixed_precision",
                  "TensorFlow's auto-mixed-precision rewrite: float16 on a GPU,"
                      + " bfloat16 on CPUs with AVX512_BF16/AMX; variables stay float32")
              .defaultValue(false),
          OptionSpec.integer(
                  "intra_op_threads",
                  "threads inside one op; 0: TensorFlow's choice (one per core)")
              .range(0, 1024)
              .defaultValue(0),
          OptionSpec.integer(
                  "inter_op_threads", "ops run at once; 0: TensorFlow's choice (one per core)")
              .range(0, 1024)
              .defaultValue(0),
          OptionSpec.bool(
                  "xla",
                  "XLA auto-clustering (global JIT); slower on the CPU here, see"
                      + " docs/performance.md")
              .defaultValue(false),
          // Data parallelism in one graph (org.nclab.runtime.graph.Replication); docs/scaling.md.
          OptionSpec.of(
                  "replicas",
                  OptionType.INT_OR_AUTO,
                  "towers of the model, one per device, each on an equal share of train.batch_size;"
                      + " \"auto\": every visible GPU (1 without one); on the CPU, N virtual CPU"
                      + " devices")
              .range(1, 64)
              .defaultValue(1));

  /**
   * Set by nclab's Slurm batch scripts to {@code executor.slurm.gpus_per_task}: a run config that
   * does not set {@code run.replicas} gets that many replicas (docs/scaling.md).
   */
  public static final String SLURM_GPUS_ENV = "NCLAB_SLURM_GPUS_PER_TASK";

  /** {@code [train]}: optimizer, schedule and loop settings. */
  public static final List<OptionSpec> TRAIN =
      List.of(
          OptionSpec.integer("epochs", "passes over the training split")
              .range(1, 100_000)
              .defaultValue(3),
          OptionSpec.integer("batch_size", "examples per training step")
              .range(1, 65_536)
              .defaultValue(128),
          OptionSpec.integer("eval_batch_size", "examples per evaluation batch")
              .range(1, 65_536)
              .defaultValue(1000),
          OptionSpec.string("optimizer", "the update rule")
              .oneOf("sgd", "adam", "adamw")
              .defaultValue("sgd"),
          OptionSpec.number("learning_rate", "peak learning rate, reached after warm-up")
              .range(0, 10)
              .defaultValue(0.05),
          OptionSpec.number("momentum", "sgd: momentum").range(0, 0.9999).defaultValue(0.9),
          OptionSpec.bool("nesterov", "sgd: Nesterov momentum").defaultValue(false),
          OptionSpec.number(
                  "weight_decay",
                  "sgd: L2 penalty added to the gradient; adamw: decoupled weight decay")
              .range(0, 1)
              .defaultValue(5e-4),
          OptionSpec.number("beta1", "adam/adamw: decay of the first moment")
              .range(0, 0.9999)
              .defaultValue(0.9),
          OptionSpec.number("beta2", "adam/adamw: decay of the second moment")
              .range(0, 0.999999)
              .defaultValue(0.999),
          OptionSpec.number("epsilon", "adam/adamw: added to the denominator for stability")
              .range(0, 1)
              .defaultValue(1e-7),
          OptionSpec.string("schedule", "how the learning rate changes over epochs")
              .oneOf("constant", "step", "cosine")
              .defaultValue("cosine"),
          OptionSpec.number("warmup_epochs", "epochs of linear warm-up from 0")
              .range(0, 1000)
              .defaultValue(0.0),
          OptionSpec.of(
                  "step_epochs",
                  OptionType.INT_LIST,
                  "step schedule: epochs at which the learning rate is multiplied by step_gamma")
              .range(1, 100_000)
              .defaultValue(List.of()),
          OptionSpec.number("step_gamma", "step schedule: factor applied at each step epoch")
              .range(0, 1)
              .defaultValue(0.1),
          OptionSpec.integer("log_every_steps", "training steps between progress log lines")
              .range(1, 1_000_000)
              .defaultValue(50),
          OptionSpec.integer(
                  "views",
                  "augmented views of each training example per step (2 for contrastive losses)")
              .range(1, 4)
              .defaultValue(1),
          OptionSpec.string(
                  "classifier",
                  "attached: label gradients train the backbone; detached: the classifier learns on"
                      + " stopped features (self-supervised runs keep an online probe)")
              .oneOf("attached", "detached")
              .defaultValue("attached"),
          OptionSpec.string(
                  "on_nonfinite",
                  "a step whose loss or gradient is NaN or infinite changes nothing;"
                      + " then stop the run (stop) or go on with the next batch (skip)")
              .oneOf("stop", "skip")
              .defaultValue("stop"));

  /** {@code [checkpoint]}. */
  public static final List<OptionSpec> CHECKPOINT =
      List.of(
          OptionSpec.integer("every_epochs", "epochs between checkpoints")
              .range(1, 100_000)
              .defaultValue(1),
          OptionSpec.integer("keep", "how many of the latest checkpoints to keep")
              .range(1, 1000)
              .defaultValue(3),
          OptionSpec.integer(
                  "every_steps",
                  "training steps between checkpoints inside epochs; 0: only at epoch ends")
              .range(0, 1_000_000_000)
              .defaultValue(0));

  /**
   * {@code [metrics]}: where a run's figures go besides {@code metrics.jsonl} (always written).
   * Every registry is off by default; the Prometheus endpoint listens on loopback unless told
   * otherwise, so that training never opens a port to the network by surprise.
   */
  public static final List<OptionSpec> METRICS =
      List.of(
          OptionSpec.bool(
                  "tensorboard",
                  "write TensorBoard scalar event files into the run's tensorboard/ folder")
              .defaultValue(true),
          OptionSpec.bool(
                  "prometheus",
                  "serve the run's meters for Prometheus to scrape at http://HOST:PORT/metrics")
              .defaultValue(false),
          OptionSpec.string(
                  "prometheus_host",
                  "address the Prometheus endpoint listens on; 127.0.0.1 keeps it"
                      + " on this machine, 0.0.0.0 opens it to the network")
              .defaultValue("127.0.0.1"),
          OptionSpec.integer(
                  "prometheus_port",
                  "port of the Prometheus endpoint; 0: any free port (printed at start)")
              .range(0, 65_535)
              .defaultValue(9464),
          OptionSpec.bool(
                  "jmx",
                  "publish the run's meters as JMX MBeans (domain 'nclab') for jconsole or"
                      + " VisualVM")
              .defaultValue(false),
          OptionSpec.bool("logging", "log every meter's value through SLF4J at a fixed interval")
              .defaultValue(false),
          OptionSpec.integer("logging_seconds", "interval of the logging registry in seconds")
              .range(1, 86_400)
              .defaultValue(60));

  /** {@code weight}, accepted in every {@code [[regularizer]]} table beside its own options. */
  public static final OptionSpec REGULARIZER_WEIGHT =
      OptionSpec.number("weight", "factor of this regularizer's loss terms in the objective")
          .range(0, 1e6)
          .defaultValue(1.0);

  /** The regularizer used when a config has no {@code [[regularizer]]}: the plain loss. */
  public static final String DEFAULT_REGULARIZER = "cross-entropy";

  /**
   * Keys nclab itself reads in every {@code [[probe]]} table, beside the probe's own options: when
   * and on what the probe runs.
   */
  public static final List<OptionSpec> PROBE_COMMON =
      List.of(
          OptionSpec.integer(
                  "every_epochs",
                  "run at every N-th epoch end and after the last; 0: only after the last")
              .range(0, 100_000)
              .defaultValue(1),
          OptionSpec.of(
                  "taps",
                  OptionType.STRING_LIST,
                  "taps to measure (block1, block2, ..., features); empty: every block and"
                      + " features")
              .defaultValue(List.of()),
          OptionSpec.of("splits", OptionType.STRING_LIST, "dataset splits to measure on")
              .defaultValue(List.of("train")),
          OptionSpec.integer(
                  "max_per_class",
                  "class-balanced seeded subsample of at most N examples per class; 0: all")
              .range(0, 10_000_000)
              .defaultValue(0));

  /**
   * Keys nclab reads in the {@code [model]} table beside the backbone's options: the projection
   * head between backbone and classifier (the paper's supervised setting). The transferable
   * representation stays the backbone's output; the head's output is the tap {@code head}.
   */
  public static final List<OptionSpec> MODEL_COMMON =
      List.of(
          OptionSpec.integer(
                  "head_depth",
                  "dense layers of the projection head before the classifier; 0: none")
              .range(0, 8)
              .defaultValue(0),
          OptionSpec.integer("head_width", "units of the head's hidden layers")
              .range(1, 65_536)
              .defaultValue(512),
          OptionSpec.integer("head_dim", "units of the head's output")
              .range(1, 65_536)
              .defaultValue(128),
          OptionSpec.bool("head_batch_norm", "batch norm after each hidden head layer")
              .defaultValue(true),
          OptionSpec.string("head_activation", "activation after each hidden head layer")
              .oneOf("relu", "none")
              .defaultValue("relu"),
          OptionSpec.bool(
                  "sync_batch_norm",
                  "with run.replicas > 1: batch norm normalises with the mean and"
                      + " variance of the whole batch (all towers) instead of each tower's share")
              .defaultValue(false));

  /**
   * Keys nclab reads in the {@code [dataset]} table beside the provider's options: views of any
   * dataset for transfer experiments (see {@code DatasetSubsets}).
   */
  public static final List<OptionSpec> DATASET_COMMON =
      List.of(
          OptionSpec.of(
                  "classes",
                  OptionType.INT_LIST,
                  "keep only these class indices, re-indexed 0, 1, ... in the order given (e.g. [5,"
                      + " 6, 7, 8, 9]); empty: all")
              .range(0, 1_000_000)
              .defaultValue(List.of()),
          OptionSpec.integer(
                  "train_per_class",
                  "few-shot: a seeded sample of exactly N training examples per class (the test"
                      + " split stays whole); 0: all")
              .range(0, 10_000_000)
              .defaultValue(0));

  /**
   * The transfer methods {@code [transfer] methods} may name, in the order results are reported.
   */
  public static final List<String> TRANSFER_METHODS =
      List.of("linear-probe", "full", "layer", "scl");

  /**
   * {@code [transfer]}: what a transfer config adds to a run config. Its {@code [dataset]} is the
   * downstream data, its {@code [train]} the fine-tuning settings; the model is the checkpoint's.
   */
  public static final List<OptionSpec> TRANSFER =
      List.of(
          OptionSpec.string(
              "checkpoint",
              "the pre-trained run's folder (written by 'nclab train'), relative to the working"
                  + " directory like run.output"),
          OptionSpec.string(
                  "checkpoint_name", "its checkpoint folder, e.g. epoch-0004; empty: the latest")
              .defaultValue(""),
          OptionSpec.of(
                  "methods",
                  OptionType.STRING_LIST,
                  "linear-probe: logistic regression on frozen features; full: every weight; layer:"
                      + " one block; scl: one block with a skip connection to the classifier")
              .oneOf(TRANSFER_METHODS.toArray(String[]::new))
              .defaultValue(TRANSFER_METHODS),
          OptionSpec.string(
                  "block",
                  "the block layer and scl fine-tune: a name (block2) or a 1-based index, negative"
                      + " from the end (-1: last), or sweep: each block in turn, one result each")
              .defaultValue("-2"),
          OptionSpec.string(
                  "scl_variant",
                  "concat: the classifier reads [features, pooled block]; project: features + a"
                      + " learned projection of it; bypass: the pooled block alone, the later"
                      + " blocks not run")
              .oneOf("concat", "project", "bypass")
              .defaultValue("concat"),
          OptionSpec.of(
                  "shots",
                  OptionType.INT_LIST,
                  "training examples per class to transfer with, one result set each; 0: the whole"
                      + " training split")
              .range(0, 10_000_000)
              .defaultValue(List.of(0L)),
          OptionSpec.integer(
                  "draws",
                  "independent few-shot samples per shot count, one result set each (the first is"
                      + " the sample a single draw takes); ignored for shots = 0")
              .range(1, 1000)
              .defaultValue(1),
          OptionSpec.string(
                  "classifier_init",
                  "how fine-tuning's new classifier starts: random (Glorot), or probe: the linear"
                      + " probe fitted on the frozen features (LP-FT), so fine-tuning starts from"
                      + " the probe's predictions")
              .oneOf("random", "probe")
              .defaultValue("random"),
          OptionSpec.string(
                  "batch_norm",
                  "fine-tuning's batch-norm statistics: train: batch statistics in training, moving"
                      + " averages updated (momentum 0.9); frozen: the pre-trained moving"
                      + " statistics in training and evaluation, never updated (gamma and beta"
                      + " still train); recompute: as train, then the moving mean and variance"
                      + " recomputed exactly on the downstream training data before evaluation and"
                      + " saving")
              .oneOf("train", "frozen", "recompute")
              .defaultValue("recompute"),
          OptionSpec.integer(
                  "few_shot_epochs",
                  "fine-tuning epochs when shots > 0 (a few-shot epoch is a handful of steps);"
                      + " [train] epochs otherwise")
              .range(1, 100_000)
              .defaultValue(30),
          OptionSpec.number(
                  "probe_l2",
                  "linear-probe: L2 penalty (lambda/2)|W|^2 on the weights, not the bias")
              .range(0, 100)
              .defaultValue(1e-4),
          OptionSpec.integer("probe_max_iterations", "linear-probe: L-BFGS iterations at most")
              .range(1, 1_000_000)
              .defaultValue(1000),
          OptionSpec.number(
                  "probe_tolerance",
                  "linear-probe: converged when the gradient's norm is below this")
              .range(0, 1)
              .defaultValue(1e-6));

  /** {@code probability}, accepted in every {@code [[augmentation]]} table. */
  public static final List<OptionSpec> AUGMENTATION_COMMON =
      List.of(
          OptionSpec.number(
                  "probability",
                  "chance that an example gets this step; otherwise it passes unchanged")
              .range(0, 1)
              .defaultValue(1.0));

  /**
   * {@code [executor.slurm]} of a study file (and {@code --set executor.slurm.*} of {@code nclab
   * train --executor slurm}): the sbatch options of every job nclab submits. Empty strings and
   * zeros leave the cluster's defaults in place. docs/scaling.md.
   */
  public static final List<OptionSpec> EXECUTOR_SLURM =
      List.of(
          OptionSpec.string("partition", "sbatch --partition; empty: the cluster's default")
              .defaultValue(""),
          OptionSpec.string("account", "sbatch --account; empty: your default account")
              .defaultValue(""),
          OptionSpec.string("qos", "sbatch --qos; empty: the default quality of service")
              .defaultValue(""),
          OptionSpec.string(
                  "time",
                  "time limit of each task (sbatch --time: MINUTES, HH:MM:SS, D-HH:MM:SS);"
                      + " empty: the partition's")
              .defaultValue(""),
          OptionSpec.integer("cpus_per_task", "sbatch --cpus-per-task; 0: the cluster's default")
              .range(0, 4096)
              .defaultValue(0),
          OptionSpec.string(
                  "mem", "memory per task (sbatch --mem, e.g. 16G); empty: the cluster's default")
              .defaultValue(""),
          OptionSpec.integer("gpus_per_task", "GPUs per task (sbatch --gres=gpu:N); 0: none")
              .range(0, 64)
              .defaultValue(0),
          OptionSpec.integer(
                  "max_parallel",
                  "array tasks running at once (the array throttle %M); 0: no limit")
              .range(0, 1_000_000)
              .defaultValue(0),
          OptionSpec.of(
                  "extra",
                  OptionType.STRING_LIST,
                  "further sbatch arguments, passed through verbatim"
                      + " (e.g. [\"--constraint=a100\"])")
              .defaultValue(List.of()),
          OptionSpec.integer(
                  "signal_seconds",
                  "Slurm sends SIGUSR1 this many seconds before the time limit"
                      + " (--signal=B:USR1@N): the run checkpoints and the job requeues itself")
              .range(1, 65_535)
              .defaultValue(120));

  /** The core sections' options by table name, for {@code nclab describe run|train|checkpoint}. */
  public static final Map<String, List<OptionSpec>> BY_TABLE =
      ImmutableMap.of(
          "run",
          RUN,
          "train",
          TRAIN,
          "checkpoint",
          CHECKPOINT,
          "probe",
          PROBE_COMMON,
          "transfer",
          TRANSFER,
          "metrics",
          METRICS,
          "executor.slurm",
          EXECUTOR_SLURM);

  /** The keys every table of this kind accepts beside {@code id} and the extension's options. */
  public static List<OptionSpec> commonOptions(ExtensionKind kind) {
    return switch (kind) {
      case REGULARIZER -> List.of(REGULARIZER_WEIGHT);
      case PROBE -> PROBE_COMMON;
      case MODEL -> MODEL_COMMON;
      case AUGMENTATION -> AUGMENTATION_COMMON;
      case DATASET -> DATASET_COMMON;
      default -> List.of();
    };
  }

  /** The tables written as arrays of tables ({@code [[regularizer]]}). */
  public static final List<String> ARRAY_TABLES =
      List.of(
          ExtensionKind.REGULARIZER.table(),
          ExtensionKind.AUGMENTATION.table(),
          ExtensionKind.PROBE.table());

  /** Every top-level table nclab reads, in the order the resolved config writes them. */
  public static final List<String> TABLES =
      List.of(
          "run",
          ExtensionKind.DATASET.table(),
          ExtensionKind.MODEL.table(),
          "train",
          "checkpoint",
          ExtensionKind.REGULARIZER.table(),
          ExtensionKind.AUGMENTATION.table(),
          ExtensionKind.PROBE.table(),
          "metrics");

  private static final Map<String, List<OptionSpec>> SECTIONS =
      Map.of("run", RUN, "train", TRAIN, "checkpoint", CHECKPOINT, "metrics", METRICS);

  /** {@link #RUN} with {@code name} defaulting to {@code defaultName}. */
  static List<OptionSpec> runWithName(String defaultName) {
    return RUN.stream()
        .map(spec -> spec.name().equals("name") ? spec.defaultValue(defaultName) : spec)
        .toList();
  }

  /** The core section that declares {@code key}, to tell a user where a misplaced key goes. */
  static Optional<String> sectionOf(String key) {
    return SECTIONS.entrySet().stream()
        .filter(e -> e.getValue().stream().anyMatch(spec -> spec.name().equals(key)))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst();
  }

  private CoreSections() {}
}
