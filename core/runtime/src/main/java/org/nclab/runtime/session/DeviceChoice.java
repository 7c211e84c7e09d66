package org.nclab.runtime.session;

import java.util.Locale;

/** Where a run's graph executes: {@code [run] device}. */
public enum DeviceChoice {
  /**
   * A GPU when TensorFlow sees one (GPU build, CUDA libraries and driver present), else the CPU.
   */
  AUTO,
  /** The CPU, even when a GPU is visible (the GPU build hides it from the session). */
  CPU,
  /** A GPU; the run is refused before it starts when TensorFlow sees none. */
  GPU;

  public static DeviceChoice parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
