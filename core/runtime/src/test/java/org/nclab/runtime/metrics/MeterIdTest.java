package org.nclab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Tag;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MeterIdTest {

  private static Map<String, String> tags(MeterId id) {
    Map<String, String> out = new TreeMap<>();
    for (Tag tag : id.tags()) {
      out.put(tag.getKey(), tag.getValue());
    }
    return out;
  }

  private static Map<String, String> expected(String... pairs) {
    Map<String, String> out =
        new TreeMap<>(Map.of("run", "r", "phase", "epoch", "split", "", "layer", "", "method", ""));
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  @Test
  void splitFiguresShareOneNameAndDifferBySplit() {
    MeterId train = MeterId.of("train/loss", "r", "epoch", "");
    MeterId test = MeterId.of("test/loss", "r", "epoch", "");
    assertEquals("nclab.loss", train.name());
    assertEquals("nclab.loss", test.name());
    assertEquals(expected("split", "train"), tags(train));
    assertEquals(expected("split", "test"), tags(test));
    assertEquals(
        "nclab.images_per_second", MeterId.of("train/images_per_second", "r", "epoch", "").name());
  }

  @Test
  void probeFiguresAreTaggedWithSplitAndLayer() {
    MeterId nc1 = MeterId.of("probe/train/block2/nc1", "r", "epoch", "");
    assertEquals("nclab.probe.nc1", nc1.name());
    assertEquals(expected("split", "train", "layer", "block2"), tags(nc1));
    assertEquals("nclab.probe.seconds", MeterId.of("probe/seconds", "r", "epoch", "").name());
    assertEquals(expected(), tags(MeterId.of("probe/seconds", "r", "epoch", "")));
  }

  @Test
  void lossTermsAndTransferMethodsGetTheirTags() {
    MeterId term = MeterId.of("loss/supcon", "r", "step", "");
    assertEquals("nclab.loss.term", term.name());
    Map<String, String> want = expected("split", "train", "term", "supcon");
    want.put("phase", "step");
    assertEquals(want, tags(term));
    MeterId linear = MeterId.of("test/accuracy", "r", "epoch", "linear");
    assertEquals("nclab.accuracy", linear.name());
    assertEquals(expected("split", "test", "method", "linear"), tags(linear));
  }

  @Test
  void otherKeysKeepTheirPathAsName() {
    assertEquals("nclab.step", MeterId.of("step", "r", "epoch", "").name());
    assertEquals("nclab.a.b.c", MeterId.of("a/b/c", "r", "epoch", "").name());
  }
}
