package org.nclab.runtime.study;

import java.nio.file.Path;

/**
 * Where a study keeps what: {@code STUDY/runs/VARIANT/} (the run folder, with the study's own
 * measurements in its {@code study/} subfolder), {@code STUDY/logs/VARIANT/STEP.log}, and the
 * summary files at the top.
 */
public final class StudyPaths {
  private final Path folder;

  public StudyPaths(Path folder) {
    this.folder = folder;
  }

  public Path folder() {
    return folder;
  }

  public Path run(String variant) {
    return folder.resolve("runs").resolve(variant);
  }

  /**
   * The step outputs of a run: deleted whenever the run trains again, since they measured older
   * weights.
   */
  public Path measurements(String variant) {
    return run(variant).resolve("study");
  }

  public Path sourceProbe(String variant) {
    return measurements(variant).resolve("source-probe.json");
  }

  public Path downstreamProbe(String variant, String downstream) {
    return measurements(variant).resolve("downstream-" + downstream + ".json");
  }

  public Path transferFolder(String variant, String downstream, StudySpec.TransferMethod method) {
    return measurements(variant).resolve("transfer-" + downstream + "-" + method.label());
  }

  public Path transferResult(String variant, String downstream, StudySpec.TransferMethod method) {
    return transferFolder(variant, downstream, method).resolve("transfer.json");
  }

  public Path log(String variant, String step) {
    return folder.resolve("logs").resolve(variant).resolve(step + ".log");
  }
}
