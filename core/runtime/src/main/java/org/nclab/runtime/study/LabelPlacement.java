package org.nclab.runtime.study;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the point labels of a scatter plot go, in pixels: beside their marker, never over another
 * label or any marker, and never outside the plot area. Greedy: each label takes the first free
 * spot of a fixed list around its marker (right, left, above, below, the diagonals), then the same
 * spots farther out; a label with no free spot is left out (the caller names it elsewhere) rather
 * than drawn over something.
 */
final class LabelPlacement {
  /** A rectangle; y grows downwards as on screen. */
  record Box(double x, double y, double width, double height) {
    boolean overlaps(Box o) {
      return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
    }

    boolean inside(Box area) {
      return x >= area.x
          && y >= area.y
          && x + width <= area.x + area.width
          && y + height <= area.y + area.height;
    }

    double centerX() {
      return x + width / 2;
    }

    double centerY() {
      return y + height / 2;
    }
  }

  /**
   * Directions tried around a marker, best first: beside it, then above or below, then diagonally.
   */
  private static final double[][] DIRECTIONS = {
    {1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {1, 1}, {-1, -1}, {-1, 1}
  };

  private static final int RINGS = 6;

  private final double markerRadius;
  private final double gap;

  /**
   * @param markerRadius half a marker's size in pixels; labels keep clear of every marker's box
   * @param gap pixels between a marker and its label
   */
  LabelPlacement(double markerRadius, double gap) {
    this.markerRadius = markerRadius;
    this.gap = gap;
  }

  /**
   * @param markers marker centres, {x, y} in pixels
   * @param sizes each label's {width, height} in pixels
   * @return each label's box, or null where no free spot was found
   */
  List<Box> place(List<double[]> markers, List<double[]> sizes, Box area) {
    List<Box> obstacles = new ArrayList<>();
    for (double[] m : markers) {
      obstacles.add(
          new Box(m[0] - markerRadius, m[1] - markerRadius, 2 * markerRadius, 2 * markerRadius));
    }
    List<Box> placed = new ArrayList<>();
    for (int i = 0; i < markers.size(); i++) {
      Box chosen = firstFree(markers.get(i), sizes.get(i), area, obstacles);
      placed.add(chosen);
      if (chosen != null) {
        obstacles.add(chosen);
      }
    }
    return placed;
  }

  private Box firstFree(double[] marker, double[] size, Box area, List<Box> obstacles) {
    double w = size[0];
    double h = size[1];
    for (int ring = 0; ring < RINGS; ring++) {
      double reach = markerRadius + gap + ring * Math.max(h, 2 * gap);
      for (double[] d : DIRECTIONS) {
        // the label's near edge (or corner) is `reach` from the marker's centre in direction d
        double cx = marker[0] + d[0] * (reach + w / 2);
        double cy = marker[1] + d[1] * (reach + h / 2);
        Box box = new Box(cx - w / 2, cy - h / 2, w, h);
        if (box.inside(area) && obstacles.stream().noneMatch(box::overlaps)) {
          return box;
        }
      }
    }
    return null;
  }
}
