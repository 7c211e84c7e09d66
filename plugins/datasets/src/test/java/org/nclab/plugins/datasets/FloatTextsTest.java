package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatTextsTest {

  private static long key(String text) {
    return FloatTexts.key(text.toCharArray(), 0, text.length());
  }

  @Test
  void distinctShortTexts_haveDistinctKeys_andLongOnesNone() {
    assertNotEquals(key("0.992"), key("0.929"));
    assertNotEquals(key("0.1"), key("0.10"));
    assertNotEquals(0, key("0.0117647"));
    assertEquals(0, key("0.01176470"));
  }

  @Test
  void remembersValues_untilThreeQuartersFull() {
    FloatTexts texts = new FloatTexts();
    assertTrue(Float.isNaN(texts.get(key("0.5"))));
    for (int i = 0; i < 5000; i++) {
      String text = "0." + i;
      texts.put(key(text), Float.parseFloat(text));
    }
    assertEquals(0.5f, texts.get(key("0.5")));
    assertEquals(0.3071f, texts.get(key("0.3071")));
    assertTrue(Float.isNaN(texts.get(key("0.4999"))), "the table was full by then");
  }
}
