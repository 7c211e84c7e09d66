package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import org.junit.jupiter.api.Test;

class StudyPlotsTest {
  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

  private static double width(String text) {
    return FONT.getStringBounds(text, new FontRenderContext(null, true, true)).getWidth();
  }

  @Test
  void aTitleThatFitsIsKeptWhole() {
    assertEquals("NC1 per layer", StudyPlots.fitted("NC1 per layer", FONT, 700));
  }

  @Test
  void aLongTitleIsCutAtAWordAndStillFits() {
    String title =
        "downstream NC1 vs linear-probe accuracy (synthetic3) — Spearman -1.000 [-1.000, 1.000],"
            + " Pearson -0.998 [-1.000, 1.000], n = 3";
    String fitted = StudyPlots.fitted(title, FONT, 400);
    assertTrue(width(fitted) <= 400, fitted + " is " + width(fitted) + " px");
    assertTrue(fitted.endsWith(" …"), fitted);
    String kept = fitted.substring(0, fitted.length() - 2);
    assertTrue(title.startsWith(kept + " "), "whole words from the start: " + fitted);
    assertTrue(
        width(kept + " " + title.substring(kept.length() + 1).split(" ")[0] + " …") > 400,
        "no further word would have fitted: " + fitted);
  }
}
