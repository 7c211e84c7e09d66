package org.nclab.runtime.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.nclab.api.NclabApi;
import org.nclab.runtime.session.CudaLibraries;
import org.nclab.runtime.session.NativeBuild;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.VisibleDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What this machine gives nclab: the TensorFlow build, the CPU features oneDNN can use, the devices
 * a session sees, and for the GPU build every CUDA 12 / cuDNN 9 library found or missing, with the
 * fix. Exit 0 when the build can use what it needs, 1 when the GPU build sees no GPU.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description =
        "Report the TensorFlow build, CPU features, visible devices and (GPU build) the CUDA 12 /"
            + " cuDNN 9 libraries found or missing, with the fix.")
final class DoctorCommand implements Callable<Integer> {
  @ParentCommand NclabCommand top;

  @Option(
      names = "--cuda",
      description =
          "check the CUDA libraries also in the CPU build (before switching to the GPU build)")
  boolean cuda;

  @Option(
      names = "--library-path",
      split = ":",
      paramLabel = "DIR",
      description =
          "look for CUDA libraries only in these folders (default: LD_LIBRARY_PATH, the ldconfig"
              + " cache, /usr/local/cuda/lib64, ...)")
  List<Path> libraryPath;

  @Override
  public Integer call() {
    NativeBuild build = NativeBuild.current();
    var out = top.out;
    out.printf(
        "nclab %s on Java %s (%s), %s %s, %d cores%n",
        NclabApi.VERSION,
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
    out.println("tensorflow: " + build.describe());
    out.println("cpu: " + cpuSummary());
    String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
    out.println(
        "oneDNN: "
            + (onednn == null
                ? "on (TensorFlow's default on x86 Linux; TF_ENABLE_ONEDNN_OPTS=0 turns it off)"
                : "TF_ENABLE_ONEDNN_OPTS=" + onednn));

    List<VisibleDevices.Device> devices =
        VisibleDevices.list(SessionSettings.defaults().configProto());
    out.println("devices:");
    for (var d : devices) {
      out.printf(
          "  %-4s %s%s%n",
          d.type(),
          d.name(),
          d.memoryBytes() > 0 && d.isGpu()
              ? String.format(" (%.1f GiB)", d.memoryBytes() / (double) (1L << 30))
              : "");
    }
    boolean gpuVisible = devices.stream().anyMatch(VisibleDevices.Device::isGpu);

    boolean missingRequired = false;
    if (build.gpuBuild() || cuda) {
      List<Path> folders =
          libraryPath != null
              ? libraryPath
              : CudaLibraries.systemFolders(System.getenv("LD_LIBRARY_PATH"), ldconfigCache());
      var findings = new CudaLibraries(folders).check(CudaLibraries.TENSORFLOW_2_18);
      out.println("CUDA 12 / cuDNN 9 libraries TensorFlow " + build.version() + " loads:");
      findings.forEach(f -> out.println(f.line()));
      CudaLibraries.fixes(findings).forEach(out::println);
      missingRequired = findings.stream().anyMatch(f -> f.library().required() && !f.found());
    } else {
      out.println(
          "CUDA libraries: not used by the CPU build (the GPU build needs CUDA 12 / cuDNN 9;"
              + " `nclab doctor --cuda` checks them now, docs/gpu.md)");
    }

    if (!build.gpuBuild()) {
      out.println(
          "verdict: ok, CPU build: runs train on the CPU (device = \"gpu\" is refused; use the GPU"
              + " distribution for a GPU)");
      return 0;
    }
    if (gpuVisible) {
      out.println(
          "verdict: ok, GPU build with a visible GPU: device = \"auto\" and \"gpu\" train on it");
      return 0;
    }
    out.println(
        "verdict: NO GPU: the GPU build sees no GPU"
            + (missingRequired
                ? " because libraries above are missing"
                : " (no NVIDIA GPU or driver problem: try nvidia-smi)")
            + "; device = \"auto\" falls back to the CPU, device = \"gpu\" is refused");
    return NclabCommand.EXIT_FAILED;
  }

  /** The vector units oneDNN picks kernels for, from /proc/cpuinfo. */
  private static String cpuSummary() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      List<String> lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
      String model =
          lines.stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse("unknown model");
      List<String> flags =
          lines.stream()
              .filter(l -> l.startsWith("flags"))
              .findFirst()
              .map(l -> Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
              .orElse(List.of());
      List<String> units =
          List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile")
              .stream()
              .filter(flags::contains)
              .map(f -> f.toUpperCase(Locale.ROOT))
              .toList();
      return model + "; " + (units.isEmpty() ? "no AVX2" : String.join(" ", units));
    } catch (IOException e) {
      return "unknown (" + cpuinfo + " unreadable)";
    }
  }

  /**
   * {@code ldconfig -p}: the loader cache's libraries and where they are; empty when unavailable.
   */
  private static String ldconfigCache() {
    for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
      if (!Files.isExecutable(Path.of(ldconfig))) {
        continue;
      }
      try {
        Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return new String(output, StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }
    return "";
  }
}
