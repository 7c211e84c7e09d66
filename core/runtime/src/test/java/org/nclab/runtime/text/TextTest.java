package org.nclab.runtime.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Counts read as counts, and one share format for the console and the report. */
class TextTest {
  @Test
  void countsAgreeWithTheirNoun() {
    assertEquals("1 epoch", Plural.of(1, "epoch"));
    assertEquals("0 epochs", Plural.of(0, "epoch"));
    assertEquals("1 downstream dataset", Plural.of(1, "downstream dataset"));
    assertEquals("2 downstream datasets", Plural.of(2, "downstream dataset"));
  }

  @Test
  void wholeNumbersPrintAsIntegersAndSharesAsPercentages() {
    assertEquals("10", Numbers.measurement(10.0, 4));
    assertEquals("0", Numbers.measurement(0.0, 6));
    assertEquals("0.3123", Numbers.measurement(0.31234, 4));
    assertEquals("10.50", Numbers.measurement(10.5, 4));
    assertEquals("3.75%", Numbers.percent(0.0375));
  }
}
