package org.nclab.runtime.train;

import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.ForwardPass;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Runs the evaluation pass (batch norm with moving statistics, no updates) over a whole split.
 * Nothing is rebuilt per call: the pass was built once with the model.
 */
public final class Evaluator {
  private final Session session;
  private final ForwardPass pass;
  private final ImageShape shape;
  private final int batchSize;

  public Evaluator(Session session, ForwardPass pass, ImageShape shape, int batchSize) {
    this.session = session;
    this.pass = pass;
    this.shape = shape;
    this.batchSize = batchSize;
  }

  public EvalResult evaluate(Split split, String name) {
    return evaluate(split, name, (done, total) -> {});
  }

  /** Receives (batches done, batches in all) after each batch: for a progress display. */
  public interface BatchProgress {
    void done(long done, long total);
  }

  /** As {@link #evaluate(Split, String)}, reporting each batch to {@code progress}. */
  public EvalResult evaluate(Split split, String name, BatchProgress progress) {
    double lossSum = 0;
    double correct = 0;
    int seen = 0;
    int[] order = EpochOrder.sequential(split.size());
    long total = (order.length + batchSize - 1) / batchSize;
    long done = 0;
    try (BatchPrefetcher batches =
        new BatchPrefetcher(split, shape, pass.numClasses(), order, batchSize, "eval-" + name)) {
      while (batches.hasNext()) {
        try (Batch batch = batches.next();
            Result result =
                session
                    .runner()
                    .feed(pass.images(), batch.images())
                    .feed(pass.labels(), batch.labels())
                    .fetch(pass.meanLoss())
                    .fetch(pass.correct())
                    .run()) {
          // Statistics accumulate in float64; the graph's per-batch mean is weighted by batch size.
          lossSum += (double) ((TFloat32) result.get(0)).getFloat() * batch.size();
          correct += ((TFloat32) result.get(1)).getFloat();
          seen += batch.size();
        }
        progress.done(++done, total);
      }
    }
    return new EvalResult(lossSum / seen, correct / seen, seen);
  }
}
