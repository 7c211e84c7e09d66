package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through {@code bin/nclab}: {@code doctor} on the built distribution, the {@code [run]} session
 * keys reaching a real run, a GPU request refused where there is none, and {@code bench}'s
 * trainer-only and profile modes (what scripts/compare-pytorch.sh relies on).
 */
class SessionAndDoctorIT {
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;

  private String smokeConfig() {
    return Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
  }

  /**
   * {@code nclab bench} of the smoke config, trainer only, 2 steps in 1 round, plus {@code extra}.
   */
  private Launcher.Outcome benchSmoke(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                smokeConfig(),
                "--no-hand-loop",
                "--steps",
                "2",
                "--rounds",
                "1",
                "--warmup",
                "1"));
    args.addAll(List.of(extra));
    return nclab.run(work, args.toArray(String[]::new));
  }

  @Test
  void doctorReportsTheCpuBuildAndItsDevice() throws Exception {
    var doctor = nclab.run(work, "doctor");
    assertTrue(doctor.out().contains("tensorflow: TensorFlow 2."), doctor.all());
    assertTrue(
        doctor.out().contains("  CPU  /job:localhost/replica:0/task:0/device:CPU:0"), doctor.all());
    Assumptions.assumeTrue(
        doctor.out().contains("native build linux-x86_64 "), "not the CPU build");
    assertEquals(0, doctor.exitCode(), doctor.all());
    assertTrue(doctor.out().contains("verdict: ok, CPU build"), doctor.out());
  }

  @Test
  void sessionKeysReachATrainingRunAndAMissingGpuStopsItFirst() throws Exception {
    String output = "run.output=\"" + work.resolve("runs") + "\"";
    var cpu =
        nclab.run(
            work,
            "train",
            smokeConfig(),
            "--set",
            output,
            "--set",
            "run.device=\"cpu\"",
            "--set",
            "run.intra_op_threads=1",
            "--set",
            "run.inter_op_threads=1",
            "--set",
            "train.epochs=1");
    assertEquals(0, cpu.exitCode(), cpu.all());
    assertTrue(cpu.out().contains("test accuracy"), cpu.out());

    var doctor = nclab.run(work, "doctor");
    Assumptions.assumeFalse(doctor.out().contains("  GPU  "), "this machine has a GPU");
    var gpu =
        nclab.run(
            work, "train", smokeConfig(), "--set", output, "--set", "run.device=\"gpu\"", "--new");
    assertEquals(2, gpu.exitCode(), gpu.all());
    assertTrue(
        gpu.err().startsWith("error: run.device = \"gpu\" but TensorFlow sees no GPU"), gpu.err());
    assertFalse(gpu.err().contains("\tat "), gpu.err());
  }

  @Test
  void benchTimesTheTrainerAloneAndProfilesOpTypes() throws Exception {
    var bench = benchSmoke("--profile", "2");
    assertEquals(0, bench.exitCode(), bench.all());
    assertTrue(
        bench.out().lines().anyMatch(l -> l.matches("  nclab trainer +\\d+ +\\[\\d+\\.0\\]")),
        bench.out());
    assertFalse(bench.out().contains("hand-written"), bench.out());
    assertTrue(bench.out().contains("profile of 2 traced steps"), bench.out());
    assertTrue(bench.out().lines().anyMatch(l -> l.startsWith("  Conv2D")), bench.out());
    assertTrue(
        bench
            .out()
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        "  \\d+ ops per step in all; \\d+\\.\\d% of the step's wall time outside"
                            + " kernels .*")),
        bench.out());
  }

  /**
   * A two-view objective (NT-Xent) is priced against the same views without the augmentation
   * pipeline; the comparison once dropped to one view, which NT-Xent refuses, so bench failed.
   */
  @Test
  void benchOfATwoViewObjective_comparesAgainstTheSameViewsWithoutAugmentation() throws Exception {
    var bench =
        benchSmoke(
            "--set",
            "train.views=2",
            "--set",
            "train.classifier=\"detached\"",
            "--set",
            "augmentation[0].id=\"flip\"",
            "--set",
            "regularizer[1].id=\"nt-xent\"");
    assertEquals(0, bench.exitCode(), bench.all());
    assertTrue(
        bench
            .out()
            .lines()
            .anyMatch(l -> l.matches("  trainer, no augmentation +\\d+ +\\[\\d+\\.0\\]")),
        bench.out());
  }
}
