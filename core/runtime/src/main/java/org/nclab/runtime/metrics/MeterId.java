package org.nclab.runtime.metrics;

import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * The Micrometer meter a metric key of {@code metrics.jsonl} becomes, so that every registry
 * (Prometheus, JMX, logging) sees nclab's figures under one scheme:
 *
 * <pre>
 * key                        meter                    tags besides run, phase, method
 * train/loss                 nclab.loss               split=train
 * test/accuracy              nclab.accuracy           split=test
 * train/images_per_second    nclab.images_per_second  split=train
 * loss/cross-entropy         nclab.loss.term          split=train, term=cross-entropy
 * probe/train/block1/nc1     nclab.probe.nc1          split=train, layer=block1
 * probe/seconds              nclab.probe.seconds
 * step, epoch                nclab.step, nclab.epoch
 * </pre>
 *
 * <p>Every meter carries all of {@code run, phase, split, layer, method} (and loss terms also
 * {@code term}), empty where they do not apply: Prometheus requires one set of label names per
 * meter name, and an empty label is the same as none in PromQL.
 *
 * @param name the meter name, dot-separated (Prometheus shows {@code nclab_loss})
 * @param tags its tags
 */
public record MeterId(String name, Tags tags) {
  public static final String PREFIX = "nclab.";

  /**
   * @param key a metric key as metrics.jsonl writes it
   * @param run the run's name
   * @param phase {@code step} (a log window) or {@code epoch}
   * @param method the transfer method the figure belongs to, or empty
   */
  public static MeterId of(String key, String run, String phase, String method) {
    List<String> parts = List.of(key.split("/", -1));
    String split = "";
    String layer = "";
    String name;
    String term = null;
    if (parts.size() == 4 && parts.get(0).equals("probe")) {
      split = parts.get(1);
      layer = parts.get(2);
      name = "probe." + parts.get(3);
    } else if (parts.size() == 2 && parts.get(0).equals("loss")) {
      split = "train"; // loss terms are the training objective's
      name = "loss.term";
      term = parts.get(1);
    } else if (parts.size() == 2 && !parts.get(0).equals("probe")) {
      split = parts.get(0);
      name = parts.get(1);
    } else {
      name = String.join(".", parts);
    }
    Tags tags =
        Tags.of("run", run, "phase", phase, "split", split, "layer", layer, "method", method);
    return new MeterId(PREFIX + name, term == null ? tags : tags.and("term", term));
  }
}
