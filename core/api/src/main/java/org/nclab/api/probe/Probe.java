package org.nclab.api.probe;

import java.util.Map;
import org.nclab.api.Extension;
import org.nclab.api.options.Options;

/**
 * Measures representations; named in a config's {@code [[probe]]} tables and by {@code nclab
 * probe}.
 *
 * <p>Life cycle: for every (tap, split) the user asked for, at the epochs asked for, the runtime
 * calls {@link #measure} with a {@link ProbeInput} that streams that tap's features. The probe
 * returns named metrics ({@code nc1}, {@code nc2_equinorm_means}, ...); the runtime logs them as
 * {@code probe/SPLIT/TAP/NAME} in metrics.jsonl and as Micrometer gauges.
 *
 * <p>To write one: keep the statistics in a small mergeable accumulator that a test can check
 * against closed forms, accumulate in float64, and stream (memory independent of the number of
 * examples). Make this class only read options and drive passes.
 */
public interface Probe extends Extension {

  /**
   * Measures one tap on one split.
   *
   * @param options the validated options of this {@code [[probe]]} table
   * @param input the features to stream, as many passes as the metric needs
   * @return metric name to value; names are short and stable, they become metric keys
   */
  Map<String, Double> measure(Options options, ProbeInput input);
}
