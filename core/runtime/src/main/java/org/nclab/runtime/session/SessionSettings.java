package org.nclab.runtime.session;

import java.util.Map;
import org.nclab.runtime.config.RunConfig;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How TensorFlow runs a graph: the {@code [run]} keys device, memory_growth, mixed_precision,
 * intra_op_threads, inter_op_threads and xla, turned into the session's {@link ConfigProto}.
 *
 * <p>Soft placement is always on: an op pinned to a device that is absent, or that has no kernel
 * there, runs on the CPU instead of failing (a graph built for {@code /gpu:0} still runs on a
 * CPU-only machine). Thread counts of 0 leave TensorFlow's choice (one thread per core for both
 * pools), which measured fastest on 2 cores (docs/performance.md).
 *
 * @param memoryGrowth GPU memory is taken as needed instead of all of it up front
 * @param mixedPrecision TensorFlow's auto-mixed-precision graph rewrites: float16 compute on GPU
 *     where it is numerically safe, bfloat16 through oneDNN on CPUs with AVX512_BF16 or AMX;
 *     variables stay float32
 * @param xla XLA auto-clustering of the graph (global JIT level ON_1)
 * @param cpuDevices CPU devices the session makes ({@code device_count {"CPU": N}}) so that {@code
 *     [run] replicas = N} has a device per tower without a GPU; 0 or 1: TensorFlow's one
 */
public record SessionSettings(
    DeviceChoice device,
    boolean memoryGrowth,
    boolean mixedPrecision,
    int intraOpThreads,
    int interOpThreads,
    boolean xla,
    int cpuDevices) {

  /** Settings with TensorFlow's one CPU device. */
  public SessionSettings(
      DeviceChoice device,
      boolean memoryGrowth,
      boolean mixedPrecision,
      int intraOpThreads,
      int interOpThreads,
      boolean xla) {
    this(device, memoryGrowth, mixedPrecision, intraOpThreads, interOpThreads, xla, 0);
  }

  /** TensorFlow's own defaults with soft placement: what tests and tools without a config use. */
  public static SessionSettings defaults() {
    return new SessionSettings(DeviceChoice.AUTO, true, false, 0, 0, false);
  }

  /** The settings of a loaded config's {@code [run]} table (every key has a default). */
  public static SessionSettings of(RunConfig config) {
    @SuppressWarnings("unchecked")
    Map<String, Object> run = (Map<String, Object>) config.resolved().get("run");
    return new SessionSettings(
        DeviceChoice.parse((String) run.get("device")),
        (Boolean) run.get("memory_growth"),
        (Boolean) run.get("mixed_precision"),
        (Integer) run.get("intra_op_threads"),
        (Integer) run.get("inter_op_threads"),
        (Boolean) run.get("xla"),
        run.get("replicas") instanceof Integer replicas && replicas > 1 ? replicas : 0);
  }

  public ConfigProto configProto() {
    ConfigProto.Builder config =
        ConfigProto.newBuilder()
            .setAllowSoftPlacement(true)
            .setIntraOpParallelismThreads(intraOpThreads)
            .setInterOpParallelismThreads(interOpThreads)
            .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(memoryGrowth));
    if (device == DeviceChoice.CPU) {
      config.putDeviceCount("GPU", 0); // the GPU build would otherwise place ops on a visible GPU
    }
    if (cpuDevices > 1) {
      config.putDeviceCount(
          "CPU", cpuDevices); // a virtual CPU device per tower (graph.Replication)
    }
    GraphOptions.Builder graph = GraphOptions.newBuilder();
    if (xla) {
      graph.setOptimizerOptions(
          OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1));
    }
    if (mixedPrecision) {
      // float16 on GPUs; bfloat16 through oneDNN on CPUs that have it (AVX512_BF16, AMX).
      graph.setRewriteOptions(
          RewriterConfig.newBuilder()
              .setAutoMixedPrecision(RewriterConfig.Toggle.ON)
              .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON));
    }
    return config.setGraphOptions(graph).build();
  }
}
