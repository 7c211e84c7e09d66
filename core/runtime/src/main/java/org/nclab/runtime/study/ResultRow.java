package org.nclab.runtime.study;

/**
 * One row of results.csv: a run and one transfer of it (or the run alone when it has no transfer
 * result, with the reason in {@code status}).
 *
 * @param status "ok", or what failed or was skipped
 */
public record ResultRow(
    String variant,
    String status,
    String settings,
    int epochs,
    Double sourceTestAccuracy,
    Double sourceNc1Train,
    Double sourceNc1Test,
    String downstream,
    Double downstreamNc1,
    String method,
    Integer shotsPerClass,
    String block,
    String sclVariant,
    Long trainableParameters,
    Long totalParameters,
    Double trainableShare,
    Double trainAccuracy,
    Double testAccuracy,
    Double finalLoss,
    Double transferNc1Train,
    Double transferNc1Test,
    Double transferSeconds,
    Double trainSeconds) {

  /** The transfer it shows, e.g. {@code linear-probe}, {@code scl block2 concat 10 shots}. */
  public String methodLabel() {
    if (method == null) {
      return "";
    }
    StringBuilder label = new StringBuilder(method);
    if (block != null) {
      label.append(' ').append(block);
    }
    if (sclVariant != null) {
      label.append(' ').append(sclVariant);
    }
    if (shotsPerClass != null) {
      label.append(' ').append(shotsPerClass).append(" shots");
    }
    return label.toString();
  }
}
