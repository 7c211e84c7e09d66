package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nclab.runtime.study.LabelPlacement.Box;

class LabelPlacementTest {
  private static final Box AREA = new Box(50, 40, 600, 400);
  private static final double RADIUS = 5;

  /** Checks the placement's promises with plain loops over every pair. */
  private static void assertSound(List<double[]> markers, List<double[]> sizes, List<Box> boxes) {
    assertEquals(markers.size(), boxes.size());
    for (int i = 0; i < boxes.size(); i++) {
      Box a = boxes.get(i);
      if (a == null) {
        continue;
      }
      assertEquals(sizes.get(i)[0], a.width());
      assertEquals(sizes.get(i)[1], a.height());
      assertTrue(
          a.x() >= AREA.x()
              && a.y() >= AREA.y()
              && a.x() + a.width() <= AREA.x() + AREA.width()
              && a.y() + a.height() <= AREA.y() + AREA.height(),
          "label " + i + " outside the plot area: " + a);
      for (int j = 0; j < boxes.size(); j++) {
        Box b = boxes.get(j);
        if (j != i && b != null) {
          boolean apart =
              a.x() + a.width() <= b.x()
                  || b.x() + b.width() <= a.x()
                  || a.y() + a.height() <= b.y()
                  || b.y() + b.height() <= a.y();
          assertTrue(apart, "labels " + i + " and " + j + " overlap: " + a + " " + b);
        }
      }
      for (double[] m : markers) {
        boolean clear =
            a.x() >= m[0] + RADIUS
                || a.x() + a.width() <= m[0] - RADIUS
                || a.y() >= m[1] + RADIUS
                || a.y() + a.height() <= m[1] - RADIUS;
        assertTrue(clear, "label " + i + " covers the marker at " + m[0] + "," + m[1]);
      }
    }
  }

  @Test
  void aLoneLabelSitsRightOfItsMarker() {
    List<double[]> markers = List.of(new double[] {200, 200});
    List<double[]> sizes = List.of(new double[] {60, 12});
    Box box = new LabelPlacement(RADIUS, 4).place(markers, sizes, AREA).get(0);
    assertEquals(
        new Box(209, 194, 60, 12), box, "radius 5 + gap 4 to the right, vertically centred");
  }

  @Test
  void labelsAtTheEdgesTurnInwards() {
    List<double[]> markers =
        List.of(new double[] {645, 240}, new double[] {350, 42}, new double[] {52, 438});
    List<double[]> sizes =
        List.of(new double[] {80, 12}, new double[] {80, 12}, new double[] {80, 12});
    List<Box> boxes = new LabelPlacement(RADIUS, 4).place(markers, sizes, AREA);
    assertSound(markers, sizes, boxes);
    assertTrue(
        boxes.get(0).x() + boxes.get(0).width() <= 645, "left of a marker at the right edge");
    boxes.forEach(b -> assertNotNull(b));
  }

  @Test
  void identicalPointsGetLabelsThatDoNotOverlap() {
    List<double[]> markers = new ArrayList<>();
    List<double[]> sizes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      markers.add(new double[] {300, 200}); // as two variants with the same figures
      sizes.add(new double[] {90, 12});
    }
    List<Box> boxes = new LabelPlacement(RADIUS, 4).place(markers, sizes, AREA);
    assertSound(markers, sizes, boxes);
    boxes.forEach(b -> assertNotNull(b));
  }

  @Test
  void randomCrowdsNeverOverlapOrLeaveTheArea() {
    Random random = new Random(7);
    int placed = 0;
    int total = 0;
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + random.nextInt(25);
      List<double[]> markers = new ArrayList<>();
      List<double[]> sizes = new ArrayList<>();
      // half the trials crowd the points into a small corner of the area
      double spread = trial % 2 == 0 ? 600 : 120;
      for (int i = 0; i < n; i++) {
        markers.add(
            new double[] {
              AREA.x() + random.nextDouble() * Math.min(spread, AREA.width()),
              AREA.y() + random.nextDouble() * Math.min(spread, AREA.height())
            });
        sizes.add(new double[] {20 + random.nextInt(100), 10 + random.nextInt(6)});
      }
      List<Box> boxes = new LabelPlacement(RADIUS, 4).place(markers, sizes, AREA);
      assertSound(markers, sizes, boxes);
      placed += (int) boxes.stream().filter(b -> b != null).count();
      total += n;
    }
    assertTrue(placed > 0.9 * total, "most labels find a spot: " + placed + " of " + total);
  }

  @Test
  void aLabelWiderThanTheAreaIsLeftOut() {
    List<Box> boxes =
        new LabelPlacement(RADIUS, 4)
            .place(
                List.of(new double[] {300, 200}), List.<double[]>of(new double[] {700, 12}), AREA);
    assertNull(boxes.get(0));
    assertFalse(boxes.isEmpty());
  }
}
