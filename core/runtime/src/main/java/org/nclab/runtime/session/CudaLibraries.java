package org.nclab.runtime.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CUDA 12 / cuDNN 9 shared libraries that TensorFlow 2.18's GPU build opens at run time (it
 * bundles none), looked up the way the dynamic loader would find them: in given folders, by their
 * exact soname. Each is reported found (path and version, read from the file the soname link points
 * to) or missing, with any other major version found in its place.
 *
 * <p>{@link #systemFolders} lists where the loader looks on this machine ({@code LD_LIBRARY_PATH},
 * the {@code ldconfig} cache's folders, the usual CUDA folders); tests pass fake folders instead.
 */
public final class CudaLibraries {

  /**
   * One library TensorFlow loads.
   *
   * @param soname what TensorFlow asks the loader for, e.g. {@code libcudart.so.12}
   * @param role what it is for, for the report
   * @param required false for libraries only some features need (profiler)
   * @param apt the package of NVIDIA's CUDA apt repository that installs it
   * @param pip the NVIDIA wheel that carries it (its lib/ folder then goes on LD_LIBRARY_PATH)
   */
  public record Library(String soname, String role, boolean required, String apt, String pip) {
    /** {@code libcudart} of {@code libcudart.so.12}. */
    String stem() {
      return soname.substring(0, soname.indexOf(".so"));
    }
  }

  /**
   * What TensorFlow 2.18 (TensorFlow Java 1.1.0's native build) dlopens, built for CUDA 12.5 /
   * cuDNN 9.3.
   */
  public static final List<Library> TENSORFLOW_2_18 =
      List.of(
          new Library(
              "libcuda.so.1",
              "NVIDIA driver (>= 525.60 for CUDA 12)",
              true,
              "the NVIDIA driver (e.g. nvidia-driver on Debian, cuda-drivers from NVIDIA's"
                  + " repository)",
              "none: the driver comes with the GPU's kernel module"),
          new Library(
              "libcudart.so.12",
              "CUDA runtime",
              true,
              "cuda-cudart-12-5",
              "nvidia-cuda-runtime-cu12"),
          new Library(
              "libcublas.so.12",
              "cuBLAS (matrix products)",
              true,
              "libcublas-12-5",
              "nvidia-cublas-cu12"),
          new Library(
              "libcublasLt.so.12",
              "cuBLASLt (matrix products)",
              true,
              "libcublas-12-5",
              "nvidia-cublas-cu12"),
          new Library("libcufft.so.11", "cuFFT", true, "libcufft-12-5", "nvidia-cufft-cu12"),
          new Library(
              "libcusparse.so.12", "cuSPARSE", true, "libcusparse-12-5", "nvidia-cusparse-cu12"),
          new Library(
              "libnvJitLink.so.12",
              "nvJitLink (cuSPARSE needs it)",
              true,
              "libnvjitlink-12-5",
              "nvidia-nvjitlink-cu12"),
          new Library(
              "libcusolver.so.11",
              "cuSOLVER (linear algebra)",
              true,
              "libcusolver-12-5",
              "nvidia-cusolver-cu12"),
          new Library(
              "libcudnn.so.9",
              "cuDNN 9 (convolutions, batch norm)",
              true,
              "libcudnn9-cuda-12",
              "nvidia-cudnn-cu12"),
          new Library(
              "libcupti.so.12",
              "CUPTI (profiler only)",
              false,
              "cuda-cupti-12-5",
              "nvidia-cuda-cupti-cu12"));

  /** A library's outcome: found at {@code path} with {@code version}, or missing. */
  public record Finding(
      Library library, Optional<Path> path, String version, List<Path> otherVersions) {
    public boolean found() {
      return path.isPresent();
    }

    /** One report line: {@code ok libcudart.so.12 12.5.82 /usr/local/cuda/lib64/...}. */
    public String line() {
      if (found()) {
        return String.format("  ok       %-20s %-12s %s", library.soname(), version, path.get());
      }
      String others =
          otherVersions.isEmpty()
              ? ""
              : " (found only "
                  + otherVersions.stream().map(p -> p.getFileName().toString()).distinct().toList()
                  + ")";
      return String.format(
          "  %-8s %-20s %s%s",
          library.required() ? "MISSING" : "absent", library.soname(), library.role(), others);
    }
  }

  private static final Pattern VERSION = Pattern.compile("\\.so\\.(\\d+(?:\\.\\d+)*)$");

  private final List<Path> folders;

  /**
   * @param folders searched in order, as the loader would; folders that do not exist are skipped
   */
  public CudaLibraries(List<Path> folders) {
    this.folders = List.copyOf(folders);
  }

  public List<Finding> check(List<Library> libraries) {
    return libraries.stream().map(this::find).toList();
  }

  Finding find(Library library) {
    List<Path> others = new ArrayList<>();
    for (Path folder : folders) {
      Path candidate = folder.resolve(library.soname());
      if (Files.exists(candidate)) { // follows the link: a dangling soname link is not a library
        return new Finding(
            library, Optional.of(candidate), versionOf(candidate, library), List.of());
      }
      others.addAll(otherMajors(folder, library));
    }
    return new Finding(library, Optional.empty(), "", List.copyOf(others));
  }

  /**
   * The full version from the file the soname points to ({@code libcudnn.so.9 -> libcudnn.so.9.3.0}
   * gives 9.3.0); the soname's own number when the file carries no longer one.
   */
  static String versionOf(Path soname, Library library) {
    String target;
    try {
      target = soname.toRealPath().getFileName().toString();
    } catch (IOException e) {
      target = soname.getFileName().toString();
    }
    Matcher real = VERSION.matcher(target);
    if (real.find() && target.startsWith(library.stem() + ".so.")) {
      return real.group(1);
    }
    Matcher own = VERSION.matcher(library.soname());
    return own.find() ? own.group(1) : "?";
  }

  private static List<Path> otherMajors(Path folder, Library library) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      String prefix = library.stem() + ".so.";
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> !p.getFileName().toString().startsWith(library.soname()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /**
   * Where the dynamic loader looks: {@code LD_LIBRARY_PATH} first, then the folders of the {@code
   * ldconfig -p} cache ({@code ldconfigOutput}, may be empty), then the usual CUDA, WSL and
   * multiarch folders.
   */
  public static List<Path> systemFolders(String ldLibraryPath, String ldconfigOutput) {
    Set<Path> folders = new LinkedHashSet<>();
    if (ldLibraryPath != null) {
      for (String entry : ldLibraryPath.split(":")) {
        if (!entry.isBlank()) {
          folders.add(Path.of(entry));
        }
      }
    }
    Matcher cached =
        Pattern.compile("=>\\s*(\\S+)").matcher(ldconfigOutput == null ? "" : ldconfigOutput);
    while (cached.find()) {
      Path parent = Path.of(cached.group(1)).getParent();
      if (parent != null) {
        folders.add(parent);
      }
    }
    for (String usual :
        List.of(
            "/usr/local/cuda/lib64",
            "/usr/local/cuda/targets/x86_64-linux/lib",
            "/usr/lib/wsl/lib",
            "/usr/lib/x86_64-linux-gnu",
            "/lib/x86_64-linux-gnu",
            "/usr/lib64",
            "/usr/lib")) {
      folders.add(Path.of(usual));
    }
    return List.copyOf(folders);
  }

  /** The fix for what is missing: one apt line (NVIDIA's CUDA repository) and one pip line. */
  public static List<String> fixes(List<Finding> findings) {
    List<Finding> missing =
        findings.stream().filter(f -> !f.found() && f.library().required()).toList();
    if (missing.isEmpty()) {
      return List.of();
    }
    Set<String> apt = new LinkedHashSet<>();
    Set<String> pip = new LinkedHashSet<>();
    List<String> lines = new ArrayList<>();
    for (Finding f : missing) {
      if (f.library().soname().startsWith("libcuda.so")) {
        lines.add(
            "  the NVIDIA driver is not installed (libcuda.so.1): install it for your GPU"
                + " (docs/gpu.md)");
      } else {
        apt.add(f.library().apt());
        pip.add(f.library().pip());
      }
    }
    if (!apt.isEmpty()) {
      lines.add(
          "  fix (NVIDIA's CUDA apt repository, see docs/gpu.md): apt-get install "
              + String.join(" ", apt));
      lines.add(
          "  or (pip wheels): pip install "
              + String.join(" ", pip)
              + " and add each wheel's nvidia/*/lib folder to LD_LIBRARY_PATH");
    }
    return lines;
  }
}
