package org.nclab.runtime.graph;

import org.tensorflow.DeviceSpec;

/**
 * How many towers of the model one training step builds ({@code [run] replicas}), and where: tower
 * {@code i} is pinned to {@code /device:GPU:i} or, on a machine without a GPU, to the virtual
 * device {@code /device:CPU:i} that the session config creates. Towers share every variable (tower
 * scopes name ops, never variables), so checkpoints do not depend on the count.
 *
 * @param replicas towers, at least 1; 1 builds the model exactly as before, unpinned
 * @param gpus true when the towers run on GPUs, false for virtual CPU devices
 * @param syncBatchNorm batch norm normalises with the statistics of the whole batch (all towers)
 */
public record Replication(int replicas, boolean gpus, boolean syncBatchNorm) {
  /** One tower, no pinning: what every command that trains nothing (eval, transfer) builds. */
  public static final Replication SINGLE = new Replication(1, false, false);

  public Replication {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, got " + replicas);
    }
  }

  /** The device tower {@code tower} is pinned to. */
  public DeviceSpec device(int tower) {
    return DeviceSpec.newBuilder()
        .deviceType(gpus ? DeviceSpec.DeviceType.GPU : DeviceSpec.DeviceType.CPU)
        .deviceIndex(tower)
        .build();
  }
}
