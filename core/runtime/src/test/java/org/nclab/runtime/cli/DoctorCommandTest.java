package org.nclab.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.session.NativeBuild;

/** {@code nclab doctor}, in-process, on the build the tests run with (the CPU build by default). */
class DoctorCommandTest {

  private record Run(int exitCode, String out) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = NclabCommand.commandLine(stream, stream).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void reportsTheBuildTheCpuAndItsDevice() {
    Run doctor = run("doctor");
    NativeBuild build = NativeBuild.current();
    assertTrue(
        doctor
            .out()
            .contains(
                "tensorflow: TensorFlow "
                    + build.version()
                    + ", native build "
                    + build.classifier()),
        doctor.out());
    assertTrue(
        doctor
            .out()
            .lines()
            .anyMatch(l -> l.matches("  CPU  /job:localhost/replica:0/task:0/device:CPU:0")),
        doctor.out());
    if (!build.gpuBuild()) {
      assertEquals(0, doctor.exitCode(), doctor.out());
      assertTrue(doctor.out().contains("CUDA libraries: not used by the CPU build"), doctor.out());
      assertTrue(doctor.out().contains("verdict: ok, CPU build"), doctor.out());
    }
  }

  @Test
  void withCudaItChecksTheGivenFoldersAndPrintsTheFix(@TempDir Path dir) throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Files.writeString(lib.resolve("libcudart.so.12.5.82"), "ELF");
    Files.createSymbolicLink(lib.resolve("libcudart.so.12"), Path.of("libcudart.so.12.5.82"));
    Run doctor = run("doctor", "--cuda", "--library-path", lib.toString());
    assertTrue(
        doctor
            .out()
            .contains(
                "  ok       libcudart.so.12      12.5.82      " + lib.resolve("libcudart.so.12")),
        doctor.out());
    assertTrue(doctor.out().contains("  MISSING  libcudnn.so.9"), doctor.out());
    assertTrue(
        doctor.out().contains("apt-get install") && doctor.out().contains("libcudnn9-cuda-12"),
        doctor.out());
  }
}
