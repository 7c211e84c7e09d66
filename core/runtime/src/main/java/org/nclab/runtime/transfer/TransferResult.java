package org.nclab.runtime.transfer;

/**
 * One transfer method's outcome on one downstream training set. Written to transfer.json with
 * snake_case names; null where a figure does not apply (no block for {@code full}, no solver for
 * fine-tuning, no NC1 without the {@code nc} probe plugin).
 *
 * @param shotsPerClass training examples per class, or null for the whole training split
 * @param draw which of {@code transfer.draws} independent few-shot samples (1-based), or null with
 *     a single draw
 * @param trainableParameters weights the method trained
 * @param totalParameters weights of the downstream model (backbone, new classifier, skip
 *     projection)
 * @param trainAccuracy on the training examples used, evaluation mode
 * @param finalLoss the linear probe's final objective, or the last fine-tuning epoch's mean loss
 * @param nc1Train NC1 of the classifier's input on the downstream training examples
 * @param seconds wall time of the method, feature extraction included
 * @param checkpoint the fine-tuned model's checkpoint folder relative to transfer.json's folder
 *     (what {@code nclab export} reads), or null for a linear probe or a report written before
 * @param batchNorm fine-tuning's batch-norm mode ({@code train}, {@code frozen}, {@code
 *     recompute}), or null for a linear probe or a report written before the mode was recorded
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TransferResult(
    String method,
    Integer shotsPerClass,
    Integer draw,
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
    String checkpoint,
    String batchNorm) {

  /**
   * Starts a result of {@code method}: the builder names each figure, most of which are optional.
   */
  public static Builder of(String method) {
    return new Builder(method);
  }

  /** Collects a result's figures by name; {@link #build} insists on those every method has. */
  public static final class Builder {
    private final String method;
    private Integer shotsPerClass;
    private Integer draw;
    private String block;
    private String variant;
    private Long trainableParameters;
    private long totalParameters;
    private double trainableShare;
    private Integer trainExamples;
    private double trainAccuracy;
    private double testAccuracy;
    private Double finalLoss;
    private Double nc1Train;
    private Double nc1Test;
    private Integer epochs;
    private Integer solverIterations;
    private Boolean solverConverged;
    private Double seconds;
    private String checkpoint;
    private String batchNorm;

    private Builder(String method) {
      this.method = method;
    }

    /** Training examples per class, or null for the whole training split. */
    public Builder shots(Integer perClass) {
      this.shotsPerClass = perClass;
      return this;
    }

    /** Which of several independent few-shot samples (1-based), or null with a single draw. */
    public Builder draw(Integer sample) {
      this.draw = sample;
      return this;
    }

    /**
     * The block {@code layer} and {@code scl} train from, and scl's variant; null where they do not
     * apply.
     */
    public Builder layer(String fromBlock, String sclVariant) {
      this.block = fromBlock;
      this.variant = sclVariant;
      return this;
    }

    public Builder parameters(long trainable, long total, double share) {
      this.trainableParameters = trainable;
      this.totalParameters = total;
      this.trainableShare = share;
      return this;
    }

    public Builder accuracy(int examples, double train, double test) {
      this.trainExamples = examples;
      this.trainAccuracy = train;
      this.testAccuracy = test;
      return this;
    }

    public Builder finalLoss(double loss) {
      this.finalLoss = loss;
      return this;
    }

    public Builder nc1(Double train, Double test) {
      this.nc1Train = train;
      this.nc1Test = test;
      return this;
    }

    /** Fine-tuning epochs. */
    public Builder epochs(Integer count) {
      this.epochs = count;
      return this;
    }

    /** The linear probe's L-BFGS iterations and whether it converged. */
    public Builder solver(Integer iterations, Boolean converged) {
      this.solverIterations = iterations;
      this.solverConverged = converged;
      return this;
    }

    public Builder seconds(double wallTime) {
      this.seconds = wallTime;
      return this;
    }

    public Builder checkpoint(String folder) {
      this.checkpoint = folder;
      return this;
    }

    /** Fine-tuning's batch-norm mode; null for a linear probe. */
    public Builder batchNorm(String mode) {
      this.batchNorm = mode;
      return this;
    }

    public TransferResult build() {
      if (trainableParameters == null
          || trainExamples == null
          || finalLoss == null
          || seconds == null) {
        throw new IllegalStateException(
            "a transfer result needs parameters, accuracy, final loss and seconds");
      }
      return new TransferResult(
          method,
          shotsPerClass,
          draw,
          block,
          variant,
          trainableParameters,
          totalParameters,
          trainableShare,
          trainExamples,
          trainAccuracy,
          testAccuracy,
          finalLoss,
          nc1Train,
          nc1Test,
          epochs,
          solverIterations,
          solverConverged,
          seconds,
          checkpoint,
          batchNorm);
    }
  }
}
