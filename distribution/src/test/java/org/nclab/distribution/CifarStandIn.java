package org.nclab.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A few records of CIFAR-10 and CIFAR-100 in the authors' binary format, for checking configs that
 * name CIFAR where the real files (170 MB and 160 MB) cannot be: the file names of the unpacked
 * tarballs, 3,073-byte CIFAR-10 records (label, then the red, green and blue planes) and 3,074-byte
 * CIFAR-100 records (coarse label, fine label, planes), every label of its range, the fine labels
 * under their true superclass, and the label-name files. The pixels are seeded noise.
 */
final class CifarStandIn {
  private static final int PIXELS = 3072;

  static final List<String> CIFAR10_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** CIFAR-100's fine label names in label order (fine_label_names.txt). */
  static final List<String> FINE_NAMES =
      List.of(
          ("apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus"
               + " butterfly camel can castle caterpillar cattle chair chimpanzee clock cloud"
               + " cockroach couch crab crocodile cup dinosaur dolphin elephant flatfish forest fox"
               + " girl hamster house kangaroo keyboard lamp lawn_mower leopard lion lizard lobster"
               + " man maple_tree motorcycle mountain mouse mushroom oak_tree orange orchid otter"
               + " palm_tree pear pickup_truck pine_tree plain plate poppy porcupine possum rabbit"
               + " raccoon ray road rocket rose sea seal shark shrew skunk skyscraper snail snake"
               + " spider squirrel streetcar sunflower sweet_pepper table tank telephone television"
               + " tiger tractor train trout tulip turtle wardrobe whale willow_tree wolf woman"
               + " worm")
              .split(" "));

  /** CIFAR-100's 20 superclasses in label order, each with its five fine classes. */
  private static final List<String> SUPERCLASSES =
      List.of(
          "aquatic_mammals: beaver dolphin otter seal whale",
          "fish: aquarium_fish flatfish ray shark trout",
          "flowers: orchid poppy rose sunflower tulip",
          "food_containers: bottle bowl can cup plate",
          "fruit_and_vegetables: apple mushroom orange pear sweet_pepper",
          "household_electrical_devices: clock keyboard lamp telephone television",
          "household_furniture: bed chair couch table wardrobe",
          "insects: bee beetle butterfly caterpillar cockroach",
          "large_carnivores: bear leopard lion tiger wolf",
          "large_man-made_outdoor_things: bridge castle house road skyscraper",
          "large_natural_outdoor_scenes: cloud forest mountain plain sea",
          "large_omnivores_and_herbivores: camel cattle chimpanzee elephant kangaroo",
          "medium_mammals: fox porcupine possum raccoon skunk",
          "non-insect_invertebrates: crab lobster snail spider worm",
          "people: baby boy girl man woman",
          "reptiles: crocodile dinosaur lizard snake turtle",
          "small_mammals: hamster mouse rabbit shrew squirrel",
          "trees: maple_tree oak_tree palm_tree pine_tree willow_tree",
          "vehicles_1: bicycle bus motorcycle pickup_truck train",
          "vehicles_2: lawn_mower rocket streetcar tank tractor");

  private CifarStandIn() {}

  /**
   * Writes {@code data/cifar-10-batches-bin/} and {@code data/cifar-100-binary/} under {@code
   * data}: {@code perClass} training images of every class (CIFAR-10: spread over the five batch
   * files) and one test image of every class.
   */
  static void write(Path data, int perClass) throws IOException {
    SplittableRandom random = new SplittableRandom(20261202);
    Path ten = Files.createDirectories(data.resolve("cifar-10-batches-bin"));
    for (int batch = 1; batch <= 5; batch++) {
      List<int[]> labels = new ArrayList<>();
      for (int k = 0; k < 10; k++) {
        for (int i = 0; i < perClass; i++) {
          if ((k * perClass + i) % 5 == batch - 1) {
            labels.add(new int[] {k});
          }
        }
      }
      Files.write(ten.resolve("data_batch_" + batch + ".bin"), records(labels, random));
    }
    List<int[]> tenTest = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      tenTest.add(new int[] {k});
    }
    Files.write(ten.resolve("test_batch.bin"), records(tenTest, random));
    Files.writeString(ten.resolve("batches.meta.txt"), lines(CIFAR10_NAMES));

    Path hundred = Files.createDirectories(data.resolve("cifar-100-binary"));
    int[] coarse = coarseOfFine();
    List<int[]> train = new ArrayList<>();
    List<int[]> test = new ArrayList<>();
    for (int fine = 0; fine < 100; fine++) {
      for (int i = 0; i < perClass; i++) {
        train.add(new int[] {coarse[fine], fine});
      }
      test.add(new int[] {coarse[fine], fine});
    }
    Files.write(hundred.resolve("train.bin"), records(train, random));
    Files.write(hundred.resolve("test.bin"), records(test, random));
    Files.writeString(hundred.resolve("fine_label_names.txt"), lines(FINE_NAMES));
    Files.writeString(
        hundred.resolve("coarse_label_names.txt"),
        lines(SUPERCLASSES.stream().map(s -> s.substring(0, s.indexOf(':'))).toList()));
  }

  /** Each fine label's superclass label; every fine class in exactly one superclass. */
  static int[] coarseOfFine() {
    Map<String, Integer> fine = new HashMap<>();
    for (int i = 0; i < FINE_NAMES.size(); i++) {
      fine.put(FINE_NAMES.get(i), i);
    }
    int[] coarse = new int[100];
    Arrays.fill(coarse, -1);
    for (int c = 0; c < SUPERCLASSES.size(); c++) {
      String members = SUPERCLASSES.get(c).substring(SUPERCLASSES.get(c).indexOf(':') + 1);
      for (String name : members.strip().split(" ")) {
        int f = fine.get(name);
        if (coarse[f] != -1) {
          throw new IllegalStateException(name + " is in two superclasses");
        }
        coarse[f] = c;
      }
    }
    for (int f = 0; f < 100; f++) {
      if (coarse[f] == -1) {
        throw new IllegalStateException(FINE_NAMES.get(f) + " is in no superclass");
      }
    }
    return coarse;
  }

  private static byte[] records(List<int[]> labels, SplittableRandom random) {
    int labelBytes = labels.get(0).length;
    byte[] out = new byte[labels.size() * (labelBytes + PIXELS)];
    int at = 0;
    for (int[] label : labels) {
      for (int b : label) {
        out[at++] = (byte) b;
      }
      for (int p = 0; p < PIXELS; p++) {
        out[at++] = (byte) random.nextInt(256);
      }
    }
    return out;
  }

  private static String lines(List<String> names) {
    return String.join("\n", names) + "\n";
  }
}
