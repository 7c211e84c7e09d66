package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.config.ConfigException;
import org.nclab.runtime.config.RunConfig;

class StudyReaderTest {
  @TempDir Path dir;

  static final String INLINE_BASE =
      """
      [base.run]
      seed = 3

      [base.dataset]
      id = "synthetic"

      [base.model]
      id = "cnn"
      widths = [4, 8]
      pool_after = [1]

      [base.train]
      epochs = 1
      """;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private StudySpec read(Path file) {
    return new StudyReader(dir).read(dir.relativize(file));
  }

  @Test
  void variantsTimesGrid_inFileOrder_withTheirOverrides() throws Exception {
    Path file =
        write(
            "tiny.toml",
            """
            [study]
            concurrency = 2

            [[variant]]
            name = "ce"

            [[variant]]
            name = "smooth"
            set = ['train.learning_rate = 0.1', 'train.momentum=0.5']

            [[grid]]
            key = "train.epochs"
            values = [1, 2]

            [[downstream]]
            name = "other"
            dataset = "other.toml"

            [[transfer]]
            method = "linear-probe"

            [[transfer]]
            method = "scl"
            shots = 10
            args = ["--block", "block2"]
            """
                + INLINE_BASE);
    StudySpec spec = read(file);
    assertEquals("tiny", spec.name());
    assertEquals(dir.resolve("studies/tiny"), spec.folder());
    assertEquals(2, spec.execution().concurrency());
    assertEquals(1, spec.execution().retries());
    assertEquals(
        List.of("ce_1", "ce_2", "smooth_1", "smooth_2"),
        spec.variants().stream().map(StudySpec.Variant::name).toList());
    assertEquals(
        List.of("train.learning_rate=0.1", "train.momentum=0.5", "train.epochs=2"),
        spec.variants().get(3).overrides());
    assertEquals(dir.resolve("other.toml"), spec.downstreams().get(0).dataset());
    assertNull(spec.base().file());
    assertEquals(Map.of("seed", 3L), spec.base().inline().get("run"));
    assertEquals("linear-probe", spec.transfers().get(0).label());
    assertEquals("scl-10shots-block-block2", spec.transfers().get(1).label());
  }

  @Test
  void fitLine_isOnByDefault_canBeTurnedOff_andMustBeABoolean() throws Exception {
    String variants =
        INLINE_BASE
            + """
            [[variant]]
            name = "a"
            """;
    assertTrue(read(write("default.toml", variants)).analysis().fitLine());
    assertEquals(
        false,
        read(write("off.toml", "[study]\nfit_line = false\n" + variants)).analysis().fitLine());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> read(write("bad-fit.toml", "[study]\nfit_line = \"yes\"\n" + variants)));
    assertTrue(
        e.getMessage().contains("bad-fit.toml:2: study.fit_line: expected true or false"),
        e.getMessage());
  }

  @Test
  void seeds_runEveryVariantOncePerSeed_asItsGroup_withRunSeedSetLast() throws Exception {
    String variants =
        INLINE_BASE
            + """
            [[variant]]
            name = "a"
            set = ['train.epochs = 2']

            [[variant]]
            name = "b"
            """;
    List<StudySpec.Variant> read =
        read(write("seeds.toml", "[study]\nseeds = [3, 1]\n" + variants)).variants();
    assertEquals(
        List.of("a_seed3", "a_seed1", "b_seed3", "b_seed1"),
        read.stream().map(StudySpec.Variant::name).toList());
    assertEquals(List.of("a", "a", "b", "b"), read.stream().map(StudySpec.Variant::group).toList());
    assertEquals(List.of("train.epochs=2", "run.seed=1"), read.get(1).overrides());
    assertEquals(1L, read.get(1).seed());
    // Without seeds each variant is its own group, and keeps its config's seed.
    StudySpec.Variant plain = read(write("plain.toml", variants)).variants().get(0);
    assertEquals("a", plain.group());
    assertNull(plain.seed());
    for (String bad : List.of("[]", "[1, 1]", "[-1]", "\"1\"", "[1.5]")) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> read(write("bad-seeds.toml", "[study]\nseeds = " + bad + "\n" + variants)));
      assertTrue(
          e.getMessage().contains("bad-seeds.toml:2: study.seeds: "), bad + ": " + e.getMessage());
    }
  }

  @Test
  void everyProblemAtOnce_withItsLine() throws Exception {
    Path file =
        write(
            "bad.toml",
            """
            [study]
            concurency = 2

            [base]
            config = "pre.toml"

            [[variant]]
            set = ['train.epochs = 1']

            [[variant]]
            name = "a"

            [[variant]]
            name = "a"

            [[transfer]]
            method = "fine-tune"

            [extras]
            x = 1
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> read(file));
    String message = e.getMessage();
    assertTrue(
        message.contains("bad.toml:2: study.concurency: unknown key; [study] takes [name, output,"),
        message);
    assertTrue(
        message.contains("bad.toml:7: variant[0]: no name; write name = \"supcon\""), message);
    assertTrue(message.contains("two variants are named 'a'"), message);
    assertTrue(
        message.contains(
            "bad.toml:17: transfer[0].method: unknown method \"fine-tune\"; expected one of"
                + " [linear-probe, full, layer, scl]"),
        message);
    assertTrue(message.contains("transfer methods but no [[downstream]]"), message);
    assertTrue(message.contains("bad.toml:19: extras: unknown table"), message);
  }

  @Test
  void aMissingBaseConfigIsBlamedOnBaseConfig_notOnTheDownstreamEntries() throws Exception {
    write("mnist.toml", "[dataset]\nid = \"synthetic\"\n");
    Path file =
        write(
            "study.toml",
            """
            [base]
            config = "missing.toml"

            [[variant]]
            name = "a"

            [[downstream]]
            name = "mnist"
            dataset = "mnist.toml"
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> read(file));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("study.toml:2: base.config: no such file"), e.getMessage());
  }

  @Test
  void aStudyWithoutVariantsOrGrid_saysWhatItNeeds() throws Exception {
    Path file = write("empty.toml", "[base]\nconfig = \"pre.toml\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> read(file));
    assertTrue(
        e.getMessage().contains("no [[variant]] tables and no [[grid]] axes"), e.getMessage());
  }

  @Test
  void gridLabels_nameTheVariants_andMustMatchTheValues() throws Exception {
    Path good =
        write(
            "g.toml",
            "[[grid]]\nkey = \"model.widths\"\nvalues = [[4, 8], [8, 16]]\n" + INLINE_BASE);
    assertEquals(
        List.of("4-8", "8-16"),
        read(good).variants().stream().map(StudySpec.Variant::name).toList());
    assertEquals(List.of("model.widths=[4, 8]"), read(good).variants().get(0).overrides());
    Path bad =
        write(
            "h.toml",
            "[[grid]]\nkey = \"train.epochs\"\nvalues = [1, 2]\nlabels = [\"one\"]\n"
                + INLINE_BASE);
    ConfigException e = assertThrows(ConfigException.class, () -> read(bad));
    assertTrue(
        e.getMessage().contains("h.toml:4: grid[0].labels: expected 2 strings, one per value"),
        e.getMessage());
  }

  @Test
  void tomlSyntaxErrors_readLikeConfigErrors() throws Exception {
    Path file = write("syntax.toml", "[study]\nname = \"x\"\nseed = 0x10\n");
    ConfigException e = assertThrows(ConfigException.class, () -> read(file));
    assertTrue(e.getMessage().startsWith("syntax.toml:3:"), e.getMessage());
  }

  @Test
  void validator_placesABadOverrideAtTheVariantsLine_andAnInlineBaseProblemAtItsLine()
      throws Exception {
    Path file =
        write(
            "v.toml",
            """
            [[variant]]
            name = "fine"

            [[variant]]
            name = "broken"
            set = ['train.epochs = 0']

            [[grid]]
            key = "train.batch_size"
            values = [16, 0]
            labels = ["small", "zero"]

            [base.run]
            seed = 3

            [base.dataset]
            id = "synthetic"
            num_classes = 1

            [base.model]
            id = "cnn"
            """);
    StudyReader reader = new StudyReader(dir);
    StudySpec spec = reader.read(dir.relativize(file));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new StudyValidator(spec, reader, new TestCatalog()).check());
    String message = e.getMessage();
    assertTrue(
        message.contains("v.toml:6: variant[1].set: variant 'broken_small': train.epochs: got 0"),
        message);
    assertTrue(
        message.contains("v.toml:10: grid[0].values: variant 'fine_zero': train.batch_size: got 0"),
        message);
    assertTrue(message.contains("v.toml:18: base.dataset.num_classes: "), message);
    assertEquals(
        message.lines().distinct().count(),
        message.lines().count(),
        "each problem once: " + message);
  }

  @Test
  void validator_resolvesEveryVariantIntoTheStudysRunsFolder() throws Exception {
    Path file =
        write("ok.toml", "[[grid]]\nkey = \"train.epochs\"\nvalues = [1, 2]\n" + INLINE_BASE);
    StudyReader reader = new StudyReader(dir);
    StudySpec spec = reader.read(dir.relativize(file));
    Map<String, RunConfig> configs = new StudyValidator(spec, reader, new TestCatalog()).check();
    RunConfig second = configs.get("2");
    assertEquals("2", second.name());
    assertEquals(dir.resolve("studies/ok/runs"), second.output());
    assertEquals(2, second.train().getInt("epochs"));
    String base = Files.readString(dir.resolve("studies/ok/base.toml"));
    assertTrue(
        base.contains("[model]")
            && base.contains("id = \"cnn\"")
            && base.contains("widths = [4, 8]"),
        base);
  }

  @Test
  void slurmExecutor_optionsBecomeSbatchArguments() throws Exception {
    Path file =
        write(
            "cluster.toml",
            """
            [study]
            executor = "slurm"

            [[grid]]
            key = "run.seed"
            values = [1, 2]

            [executor.slurm]
            partition = "gpu"
            time = "02:00:00"
            gpus_per_task = 4
            max_parallel = 8
            extra = ["--constraint=a100"]
            """
                + INLINE_BASE);
    StudySpec spec = read(file);
    assertEquals(
        List.of(
            "--partition=gpu",
            "--time=02:00:00",
            "--gres=gpu:4",
            "--requeue",
            "--open-mode=append",
            "--signal=B:USR1@120",
            "--constraint=a100"),
        spec.execution().slurm().sbatchOptions());
    assertEquals(8, spec.execution().slurm().maxParallel());
    assertNull(
        read(write("local.toml", "[[grid]]\nkey = \"run.seed\"\nvalues = [1]\n" + INLINE_BASE))
            .execution()
            .slurm());
  }

  @Test
  void slurmExecutor_badKeysAndValues_areReportedAtTheirLines() throws Exception {
    Path file =
        write(
            "bad.toml",
            """
            [study]
            executor = "pbs"

            [[grid]]
            key = "run.seed"
            values = [1]

            [executor.slurm]
            gpus_per_task = -1
            partiton = "gpu"
            signal_seconds = "soon"
            """
                + INLINE_BASE);
    String message = assertThrows(ConfigException.class, () -> read(file)).getMessage();
    assertTrue(
        message.contains(
            "bad.toml:2: study.executor: unknown executor \"pbs\"; expected one of [local, slurm]"),
        message);
    assertTrue(message.contains("bad.toml:9: executor.slurm.gpus_per_task:"), message);
    assertTrue(
        message.contains(
            "bad.toml:10: executor.slurm.partiton: unknown key; [executor.slurm] takes"
                + " [partition,"),
        message);
    assertTrue(message.contains("bad.toml:11: executor.slurm.signal_seconds:"), message);
  }
}
