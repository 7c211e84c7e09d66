package org.nclab.runtime.transfer;

import com.google.common.base.Ticker;
import java.util.List;
import java.util.Map;
import org.nclab.api.data.Dataset;
import org.nclab.runtime.train.EpochOrder;
import org.nclab.runtime.train.EvalResult;
import org.nclab.runtime.train.Evaluator;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainingListener;

/**
 * Fine-tunes a {@link TransferModel} with the ordinary training loop: only the variables its method
 * leaves trainable change, and frozen blocks run in evaluation mode throughout. In batch-norm mode
 * {@code recompute} the trained layers' moving statistics are recomputed on the training data
 * before anything is measured.
 */
final class FineTuning {
  /**
   * Accuracy of the fine-tuned model in evaluation mode, the last epoch's training loss, and the
   * recomputed batch norms (empty unless the mode is {@code recompute}).
   */
  record Outcome(
      double trainAccuracy,
      double testAccuracy,
      double finalLoss,
      List<MovingStatistics.Recomputed> recomputed) {}

  private FineTuning() {}

  static Outcome fit(
      TransferModel model,
      Dataset data,
      TrainSettings settings,
      long seed,
      List<TrainingListener> listeners) {
    Trainer trainer =
        new Trainer(
            model.model(), model.session(), data, settings, seed, listeners, Ticker.systemTicker());
    Map<String, Double> last;
    if (listeners.isEmpty()) {
      // Nobody watches the epochs (few-shot runs: one-step epochs): skip the per-epoch test
      // evaluation, which would cost more than the training; the test split is measured once below.
      last = Map.of();
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        last =
            trainer.trainEpoch(
                epoch, EpochOrder.forSplit(data.split(Trainer.TRAIN_SPLIT), seed, epoch));
      }
    } else {
      last = trainer.fit();
    }
    List<MovingStatistics.Recomputed> recomputed =
        model.recomputeStatistics(
            data.split(Trainer.TRAIN_SPLIT),
            data.shape(),
            data.numClasses(),
            settings.evalBatchSize());
    Evaluator evaluator =
        new Evaluator(
            model.session(), model.model().eval(), data.shape(), settings.evalBatchSize());
    EvalResult train = evaluator.evaluate(data.split(Trainer.TRAIN_SPLIT), Trainer.TRAIN_SPLIT);
    EvalResult test = evaluator.evaluate(data.split(Trainer.TEST_SPLIT), Trainer.TEST_SPLIT);
    return new Outcome(
        train.accuracy(), test.accuracy(), last.getOrDefault("train/loss", Double.NaN), recomputed);
  }
}
