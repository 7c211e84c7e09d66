package org.nclab.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library detection against fake library folders laid out as CUDA and cuDNN install them. */
class CudaLibrariesTest {
  @TempDir Path temp;

  /** A real file {@code libX.so.<full>} and the soname link {@code libX.so.<major>} to it. */
  private static void install(Path folder, String soname, String fullVersion) throws IOException {
    Files.createDirectories(folder);
    String stem = soname.substring(0, soname.indexOf(".so"));
    Path real = Files.writeString(folder.resolve(stem + ".so." + fullVersion), "ELF");
    Files.createSymbolicLink(folder.resolve(soname), real.getFileName());
  }

  private static Map<String, CudaLibraries.Finding> bySoname(List<CudaLibraries.Finding> findings) {
    return findings.stream()
        .collect(Collectors.toMap(f -> f.library().soname(), Function.identity()));
  }

  @Test
  void aCompleteInstallIsFoundWithVersionsFromTheLinkTargets() throws IOException {
    Path cuda = temp.resolve("cuda/lib64");
    Path driver = temp.resolve("driver");
    install(driver, "libcuda.so.1", "550.54.15");
    for (String soname :
        List.of(
            "libcudart.so.12",
            "libcublas.so.12",
            "libcublasLt.so.12",
            "libcusparse.so.12",
            "libnvJitLink.so.12",
            "libcupti.so.12")) {
      install(cuda, soname, "12.5.82");
    }
    install(cuda, "libcufft.so.11", "11.2.3.61");
    install(cuda, "libcusolver.so.11", "11.6.3.83");
    install(temp.resolve("cudnn"), "libcudnn.so.9", "9.3.0");

    var findings =
        new CudaLibraries(List.of(temp.resolve("absent"), driver, cuda, temp.resolve("cudnn")))
            .check(CudaLibraries.TENSORFLOW_2_18);

    assertTrue(findings.stream().allMatch(CudaLibraries.Finding::found), findings.toString());
    var found = bySoname(findings);
    assertEquals("9.3.0", found.get("libcudnn.so.9").version());
    assertEquals("11.2.3.61", found.get("libcufft.so.11").version());
    assertEquals("550.54.15", found.get("libcuda.so.1").version());
    assertEquals(
        temp.resolve("cudnn/libcudnn.so.9"), found.get("libcudnn.so.9").path().orElseThrow());
    assertTrue(
        found.get("libcudart.so.12").line().matches("  ok +libcudart\\.so\\.12 +12\\.5\\.82 +/.*"),
        found.get("libcudart.so.12").line());
    assertEquals(List.of(), CudaLibraries.fixes(findings));
  }

  @Test
  void theWrongMajorVersionIsMissingAndNamedWithTheFix() throws IOException {
    Path lib = temp.resolve("lib");
    install(lib, "libcudnn.so.8", "8.9.7");
    install(lib, "libcudart.so.11.0", "11.8.89");
    install(lib, "libcublas.so.12", "12.5.3.2");
    install(lib, "libcublasLt.so.12", "12.5.3.2");

    var findings = new CudaLibraries(List.of(lib)).check(CudaLibraries.TENSORFLOW_2_18);
    var found = bySoname(findings);

    CudaLibraries.Finding cudnn = found.get("libcudnn.so.9");
    assertFalse(cudnn.found());
    assertTrue(cudnn.line().startsWith("  MISSING  libcudnn.so.9"), cudnn.line());
    assertTrue(
        cudnn.line().contains("found only [libcudnn.so.8, libcudnn.so.8.9.7]"), cudnn.line());
    assertTrue(
        found.get("libcudart.so.12").line().contains("libcudart.so.11.0"),
        found.get("libcudart.so.12").line());
    assertTrue(found.get("libcublas.so.12").found());
    assertTrue(
        found.get("libcupti.so.12").line().startsWith("  absent   libcupti.so.12"),
        "optional, not MISSING");

    List<String> fixes = CudaLibraries.fixes(findings);
    String apt =
        fixes.stream().filter(l -> l.contains("apt-get install")).findFirst().orElseThrow();
    assertTrue(apt.contains("libcudnn9-cuda-12") && apt.contains("cuda-cudart-12-5"), apt);
    assertFalse(apt.contains("libcublas-12-5"), "cuBLAS was found: " + apt);
    assertFalse(apt.contains("cupti"), "CUPTI is optional: " + apt);
    assertTrue(
        fixes.stream().anyMatch(l -> l.contains("pip install") && l.contains("nvidia-cudnn-cu12")),
        fixes.toString());
    assertTrue(fixes.stream().anyMatch(l -> l.contains("NVIDIA driver")), fixes.toString());
  }

  @Test
  void aDanglingSonameLinkIsNotALibrary() throws IOException {
    Path lib = Files.createDirectories(temp.resolve("lib"));
    Files.createSymbolicLink(
        lib.resolve("libcudnn.so.9"), Path.of("libcudnn.so.9.3.0")); // target removed
    var cudnn =
        bySoname(new CudaLibraries(List.of(lib)).check(CudaLibraries.TENSORFLOW_2_18))
            .get("libcudnn.so.9");
    assertFalse(cudnn.found());
  }

  @Test
  void aLibraryWithoutALongerFileNameReportsItsSonameVersion() throws IOException {
    Path lib = Files.createDirectories(temp.resolve("lib"));
    Files.writeString(lib.resolve("libcudnn.so.9"), "ELF");
    var cudnn =
        bySoname(new CudaLibraries(List.of(lib)).check(CudaLibraries.TENSORFLOW_2_18))
            .get("libcudnn.so.9");
    assertEquals("9", cudnn.version());
  }

  @Test
  void systemFoldersComeFromLdLibraryPathThenTheLoaderCacheThenTheUsualPlaces() {
    String ldconfig =
        "3 libs found in cache `/etc/ld.so.cache'\n"
            + "\tlibcudnn.so.9 (libc6,x86-64) => /opt/cudnn/lib/libcudnn.so.9\n"
            + "\tlibc.so.6 (libc6,x86-64, OS ABI: Linux 3.2.0) =>"
            + " /lib/x86_64-linux-gnu/libc.so.6\n";
    List<Path> folders = CudaLibraries.systemFolders("/env/one::/env/two", ldconfig);
    assertEquals(
        List.of(
            Path.of("/env/one"),
            Path.of("/env/two"),
            Path.of("/opt/cudnn/lib"),
            Path.of("/lib/x86_64-linux-gnu")),
        folders.subList(0, 4));
    assertTrue(folders.contains(Path.of("/usr/local/cuda/lib64")), folders.toString());
    assertEquals(folders.size(), folders.stream().distinct().count(), "no folder twice");
  }
}
