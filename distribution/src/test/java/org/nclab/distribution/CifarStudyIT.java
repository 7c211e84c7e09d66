package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * configs/paper-cifar, the cluster-size study, checked where CIFAR cannot be: the folder is copied
 * beside a generated stand-in of CIFAR-10 and CIFAR-100 in their binary format ({@link
 * CifarStandIn}) at the paths the configs name ({@code data/} beside them), then checked through
 * bin/nclab as a user on a login node would. {@code study --check} reads every config without
 * opening data, so the base run is also validated (its data opened, its model built) and each
 * downstream subset opened, and its classes compared with the names its file gives them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CifarStudyIT {
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir static Path work;
  private Path study;

  @BeforeAll
  void copyTheStudyBesideAStandIn() throws Exception {
    Path folder = Files.createDirectories(work.resolve("paper-cifar"));
    try (Stream<Path> files = Files.list(Launcher.repo().resolve("configs/paper-cifar"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".toml")).toList()) {
        Files.copy(file, folder.resolve(file.getFileName()));
      }
    }
    CifarStandIn.write(folder.resolve("data"), 2);
    study = folder.resolve("study.toml");
  }

  @Test
  void theStudyChecks() throws Exception {
    var result = nclab.run(work, "study", "--check", study.toString());
    assertEquals(0, result.exitCode(), result.all());
    assertTrue(
        result.out().contains("study paper-cifar: 15 variants x 3 seeds (45 runs)")
            && result.out().contains("3 downstream datasets")
            && result.out().contains("are valid"),
        result.out());
  }

  @Test
  void itIsWrittenForSlurm_withOneGpuPerTask() throws Exception {
    String text = Files.readString(study);
    assertTrue(text.contains("executor = \"slurm\""), "executor");
    assertTrue(text.contains("gpus_per_task = 1"), "one GPU per task");
  }

  @Test
  void theBaseRunOpensCifar10_andBuildsResNet18() throws Exception {
    var result = nclab.run(work, "validate", study.resolveSibling("pretrain.toml").toString());
    assertEquals(0, result.exitCode(), result.all());
    // ResNet-18 for 32x32x3 and 10 classes, counted by hand: stem 3*64*9 + 2*64; per basic block
    // two 3x3 convs and two batch norms (gamma, beta), a 1x1 conv + batch norm where the shape
    // changes; classifier 512*10 + 10.
    long expected = 3 * 64 * 9 + 2 * 64 + 512 * 10 + 10;
    int[] widths = {64, 128, 256, 512};
    int in = 64;
    for (int width : widths) {
      for (int block = 0; block < 2; block++) {
        expected += (long) in * width * 9 + (long) width * width * 9 + 4L * width;
        if (in != width) {
          expected += (long) in * width + 2L * width;
        }
        in = width;
      }
    }
    assertEquals(11_173_962, expected);
    assertTrue(
        result.out().contains("dataset cifar-10 (20 train / 10 test, 32x32x3, 10 classes)")
            && result.out().contains("model resnet (11,173,962 trainable parameters)"),
        result.out());
  }

  @Test
  void eachDownstreamTaskIsTheTenCifar100ClassesItsFileNames() throws Exception {
    List<String> seen = new ArrayList<>();
    for (String task : List.of("vehicles", "mammals", "flora")) {
      Path file = study.resolveSibling("downstream-" + task + ".toml");
      String text = Files.readString(file);
      Matcher classes = Pattern.compile("(?m)^classes = \\[([0-9, ]+)]").matcher(text);
      assertTrue(classes.find(), file.toString());
      List<Integer> indices =
          Stream.of(classes.group(1).split(",")).map(s -> Integer.parseInt(s.strip())).toList();
      assertEquals(10, indices.size(), file.toString());
      // The comment names each class as "name index": the index must be that name's fine label.
      for (int index : indices) {
        String name = CifarStandIn.FINE_NAMES.get(index);
        assertTrue(text.contains(name + " " + index), file + ": class " + index + " is " + name);
        seen.add(name);
      }
      var result = nclab.run(work, "data", "describe", file.toString());
      assertEquals(0, result.exitCode(), result.all());
      assertTrue(result.out().contains("10 classes"), result.out());
      assertTrue(result.out().contains("train  20 images"), result.out());
    }
    assertEquals(30, seen.stream().distinct().count(), "the three subsets are disjoint: " + seen);
  }

  @Test
  void aBrokenVariantIsRefusedAtItsLine() throws Exception {
    Path broken = study.resolveSibling("broken-study.toml");
    String text = Files.readString(study);
    int line = (int) text.lines().count() + 4;
    Files.writeString(
        broken,
        text
            + "\n[[variant]]\nname = \"three-stages\"\n"
            + "set = ['model.widths = [64, 128, 256]']\n");
    var result = nclab.run(work, "study", "--check", broken.toString());
    assertEquals(2, result.exitCode(), result.all());
    List<String> lines = result.err().lines().filter(l -> !l.isBlank()).toList();
    // One line, though the variant runs once per seed: its seeds share the problem.
    assertEquals(1, lines.size(), result.err());
    assertTrue(lines.get(0).startsWith("error: "), result.err());
    String problem = lines.get(0).replaceFirst("^error: ", "");
    assertTrue(
        problem.startsWith(broken + ":" + line + ": variant[15].set: ")
            && problem.contains("variant 'three-stages'")
            && problem.contains("widths has 3 stages but blocks has 4"),
        problem);
    assertEquals("", result.out(), "nothing printed as valid");
  }
}
