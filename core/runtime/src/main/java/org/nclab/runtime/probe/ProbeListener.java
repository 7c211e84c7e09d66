package org.nclab.runtime.probe;

import java.util.List;
import java.util.Map;
import org.nclab.runtime.config.ExtensionUse;
import org.nclab.runtime.train.TrainingListener;
import org.nclab.runtime.train.TrainingState;

/**
 * Runs the config's {@code [[probe]]} tables at epoch ends (every {@code every_epochs} epochs and
 * after the last) and adds their metrics to the epoch's, so the listeners after it (metrics log,
 * console) see them. Put it before them in the listener list.
 */
public final class ProbeListener implements TrainingListener {
  private final ProbeSuite suite;
  private final List<ExtensionUse> probes;

  public ProbeListener(ProbeSuite suite, List<ExtensionUse> probes) {
    this.suite = suite;
    this.probes = List.copyOf(probes);
  }

  @Override
  public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
    boolean last = state.epoch() == state.totalEpochs();
    List<ExtensionUse> due =
        probes.stream()
            .filter(
                use ->
                    last
                        || use.common().getInt("every_epochs") > 0
                            && state.epoch() % use.common().getInt("every_epochs") == 0)
            .toList();
    for (int i = 0; i < due.size(); i++) {
      state.phase(TrainingState.PROBE, i, due.size());
      long start = System.nanoTime();
      metrics.putAll(ProbeSuite.flatten(suite.measure(due.get(i))));
      metrics.merge("probe/seconds", (System.nanoTime() - start) / 1e9, Double::sum);
    }
    if (!due.isEmpty()) {
      state.phase(TrainingState.PROBE, due.size(), due.size());
    }
  }
}
