package org.nclab.runtime.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.run.RestoredRun;
import org.nclab.runtime.train.Batch;
import org.nclab.runtime.train.BatchPrefetcher;
import org.nclab.runtime.train.EpochOrder;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * One tap of a restored run's evaluation pass (the graph {@code nclab eval} and the probes run)
 * over a whole split, in split order, written as {@code features.npy} (float32, N x d) and {@code
 * labels.npy} (int64, N) with a {@code features.json} saying what they are.
 */
public final class FeatureDump {
  /** The classifier's output, offered beside the probe taps. */
  public static final String LOGITS = "logits";

  private FeatureDump() {}

  /** The taps one can dump, in graph order. */
  public static List<String> taps(ForwardPass pass) {
    List<String> names = new ArrayList<>(pass.probeTaps().keySet());
    names.add(LOGITS);
    return names;
  }

  /** Writes the files into {@code folder} (committed by the caller) and returns rows x dim. */
  public static int[] write(
      RestoredRun restored, String tap, String splitName, OutputFolder folder) {
    ForwardPass pass = restored.model().eval();
    Operand<TFloat32> output = tap.equals(LOGITS) ? pass.logits() : pass.probeTaps().get(tap);
    if (output == null) {
      throw UserException.of(
          "the model has no tap '" + tap + "'", "--tap", "choose one of " + taps(pass));
    }
    Dataset data = restored.experiment().dataset();
    Split split = data.split(splitName);
    int n = split.size();
    int dim = (int) output.shape().get(1);
    float[] features = new float[Math.multiplyExact(n, dim)];
    int[] labels = new int[n];
    int batchSize = restored.experiment().settings().evalBatchSize();
    try (BatchPrefetcher batches =
        new BatchPrefetcher(
            split,
            data.shape(),
            data.numClasses(),
            EpochOrder.sequential(n),
            batchSize,
            "features")) {
      int row = 0;
      while (batches.hasNext()) {
        try (Batch batch = batches.next();
            Result result =
                restored
                    .session()
                    .runner()
                    .feed(pass.images(), batch.images())
                    .fetch(output)
                    .run()) {
          ((TFloat32) result.get(0))
              .asRawTensor()
              .data()
              .asFloats()
              .read(features, row * dim, batch.size() * dim);
          for (int i = 0; i < batch.size(); i++) {
            labels[row + i] = split.label(row + i);
          }
          row += batch.size();
        }
      }
    }
    try {
      Npy.writeFloat32(folder.temp().resolve("features.npy"), features, n, dim);
      Npy.writeInt64(folder.temp().resolve("labels.npy"), labels);
      Map<String, Object> about = new LinkedHashMap<>();
      about.put("tap", tap);
      about.put("split", splitName);
      about.put("rows", n);
      about.put("dim", dim);
      about.put("dataset", data.name());
      about.put("classes", data.classNames());
      about.put(
          "run",
          restored.checkpoint().getParent().getParent().toAbsolutePath().normalize().toString());
      about.put("checkpoint", restored.checkpoint().getFileName().toString());
      Path json = folder.temp().resolve("features.json");
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), about);
    } catch (IOException e) {
      throw UserException.of(
          "cannot write features: " + e.getMessage(),
          folder.target().toString(),
          "check free space");
    }
    return new int[] {n, dim};
  }
}
