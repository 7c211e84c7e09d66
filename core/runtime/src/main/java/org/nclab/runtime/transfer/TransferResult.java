package org.nclab.runtime.transfer;

/**
 * One transfer method's outcome on one downstream training set. Written to transfer.json with
 * snake_case names; null where a figure does not apply (no block for {@code full}, no solver for
 * fine-tuning, no NC1 without the {@code nc} probe plugin).
 *
 * @param shotsPerClass training examples per class, or null for the whole training split
 * @param trainableParameters weights the method trained
 * @param totalParameters weights of the downstream model (backbone, new classifier, skip projection)
 * @param trainAccuracy on the training examples used, evaluation mode
 * @param finalLoss the linear probe's final objective, or the last fine-tuning epoch's mean loss
 * @param nc1Train NC1 of the classifier's input on the downstream training examples
 * @param seconds wall time of the method, feature extraction included
 * @param checkpoint the fine-tuned model's checkpoint folder relative to transfer.json's folder
 *     (what {@code nclab export} reads), or null for a linear probe or a report written before
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TransferResult(
    String method,
    Integer shotsPerClass,
    String block,
    String variant,
    long trainableParameters,
    long totalParameters,
    double trainableShare,
    int trainExamples,
    double trainAccuracy,
    double testAccuracy,
    double finalLoss,
    Double nc1Train,
    Double nc1Test,
    Integer epochs,
    Integer solverIterations,
    Boolean solverConverged,
    double seconds,
    String checkpoint) {

  /** A result with no saved model. */
  public TransferResult(
      String method, Integer shotsPerClass, String block, String variant, long trainableParameters,
      long totalParameters, double trainableShare, int trainExamples, double trainAccuracy, double testAccuracy,
      double finalLoss, Double nc1Train, Double nc1Test, Integer epochs, Integer solverIterations,
      Boolean solverConverged, double seconds) {
    this(method, shotsPerClass, block, variant, trainableParameters, totalParameters, trainableShare, trainExamples,
        trainAccuracy, testAccuracy, finalLoss, nc1Train, nc1Test, epochs, solverIterations, solverConverged, seconds,
        null);
  }
}
