package org.nclab.runtime.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;
import org.nclab.api.data.ArraySplit;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.data.DatasetSubsets;

/** Class subsets and few-shot samples over a dataset whose every pixel says which example it is. */
class DatasetSubsetsTest {
  private static final ImageShape SHAPE = new ImageShape(1, 1, 1);

  /** 6 classes; example i of a split has label i % 6 and its single pixel is i. */
  private static Dataset numbered(int train, int test) {
    return new Dataset(
        "numbered",
        SHAPE,
        List.of("a", "b", "c", "d", "e", "f"),
        Map.of("train", split(train), "test", split(test)));
  }

  private static Split split(int size) {
    float[] images = new float[size];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      images[i] = i;
      labels[i] = i % 6;
    }
    return new ArraySplit(images, labels, SHAPE);
  }

  private static float pixel(Split split, int index) {
    float[] one = new float[1];
    split.copyImage(index, one, 0);
    return one[0];
  }

  @Test
  void aClassSubsetKeepsOnlyThoseClassesReindexedInTheOrderGiven() {
    Dataset subset = DatasetSubsets.classes(numbered(60, 12), List.of(4, 1));
    assertEquals(List.of("e", "b"), subset.classNames());
    Split train = subset.split("train");
    assertEquals(20, train.size());
    for (int i = 0; i < train.size(); i++) {
      int original = (int) pixel(train, i);
      assertEquals(original % 6 == 4 ? 0 : 1, train.label(i), "example " + original);
      assertTrue(original % 6 == 4 || original % 6 == 1);
    }
    assertEquals(4, subset.split("test").size());
  }

  @Test
  void badClassListsAreRefusedWithTheRange() {
    var e =
        assertThrows(
            UserException.class, () -> DatasetSubsets.classes(numbered(12, 6), List.of(1, 6)));
    assertTrue(e.getMessage().contains("classes 0 to 5"), e.getMessage());
    assertThrows(UserException.class, () -> DatasetSubsets.classes(numbered(12, 6), List.of(2, 2)));
    assertThrows(UserException.class, () -> DatasetSubsets.classes(numbered(12, 6), List.of(3)));
  }

  @Test
  void fewShotTakesExactlyNPerClassWithTheSeedAndLeavesTheTestSplitWhole() {
    Dataset data = numbered(600, 60);
    Dataset a = DatasetSubsets.fewShot(data, 10, 5);
    Dataset b = DatasetSubsets.fewShot(data, 10, 5);
    Dataset c = DatasetSubsets.fewShot(data, 10, 6);
    Split train = a.split("train");
    assertEquals(60, train.size());
    int[] perClass = new int[6];
    float[] pixelsA = new float[60];
    float[] pixelsB = new float[60];
    float[] pixelsC = new float[60];
    for (int i = 0; i < 60; i++) {
      perClass[train.label(i)]++;
      pixelsA[i] = pixel(train, i);
      pixelsB[i] = pixel(b.split("train"), i);
      pixelsC[i] = pixel(c.split("train"), i);
      assertEquals((int) pixelsA[i] % 6, train.label(i), "labels travel with their images");
    }
    assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10}, perClass);
    assertArrayEquals(pixelsA, pixelsB, "same seed, same sample");
    assertTrue(!Arrays.equals(pixelsA, pixelsC), "another seed, another sample");
    assertEquals(60, a.split("test").size());
    var rows = DatasetSubsets.fewShotIndices(data, 10, 5);
    for (int i = 0; i < rows.length; i++) {
      assertEquals(rows[i], (int) pixelsA[i], "fewShotIndices names the same examples");
    }
  }

  @Test
  void askingForMoreShotsThanAClassHasSaysHowManyThereAre() {
    var e = assertThrows(UserException.class, () -> DatasetSubsets.fewShot(numbered(30, 6), 6, 1));
    assertTrue(e.getMessage().contains("has 5"), e.getMessage());
  }

  @Test
  void blocksAreChosenByNameOrIndex() {
    List<String> blocks = List.of("block1", "block2", "block3");
    assertEquals("block2", BlockChoice.resolve("block2", blocks));
    assertEquals("block1", BlockChoice.resolve("1", blocks));
    assertEquals("block3", BlockChoice.resolve("-1", blocks));
    assertEquals("block2", BlockChoice.resolve("-2", blocks));
    var e = assertThrows(UserException.class, () -> BlockChoice.resolve("block7", blocks));
    assertTrue(e.getMessage().contains("[block1, block2, block3]"), e.getMessage());
    assertThrows(UserException.class, () -> BlockChoice.resolve("0", blocks));
    assertThrows(UserException.class, () -> BlockChoice.resolve("4", blocks));
  }
}
