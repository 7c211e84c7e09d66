package org.nclab.runtime.export;

import java.util.function.IntConsumer;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** Runs a loaded model's {@code serving_default} over inputs in batches, in input order. */
public final class Predictor {
  /** Receives one image's class probabilities (the array is reused: copy what you keep). */
  public interface Sink {
    void accept(int index, float[] probabilities);
  }

  private final LoadedModel model;
  private final int batchSize;

  public Predictor(LoadedModel model, int batchSize) {
    this.model = model;
    this.batchSize = batchSize;
  }

  /** Predicts every input; {@code progress} hears the number of images done after each batch. */
  public void run(PredictInputs inputs, Sink sink, IntConsumer progress) {
    if (!InputNormalization.UINT8.equals(model.dtype())) {
      throw UserException.of(
          "this model takes " + model.dtype() + " values as its dataset yields them, not 8-bit pixels",
          "the model's nclab-model.json",
          "call the SavedModel with those values yourself; predict reads images for models of 8-bit image datasets");
    }
    ImageShape shape = model.shape();
    int k = model.classes().size();
    byte[] pixels = new byte[batchSize * shape.size()];
    float[] probabilities = new float[batchSize * k];
    float[] row = new float[k];
    for (int start = 0; start < inputs.size(); start += batchSize) {
      int n = Math.min(batchSize, inputs.size() - start);
      for (int i = 0; i < n; i++) {
        inputs.copyPixels(start + i, pixels, i * shape.size());
      }
      Shape batch = Shape.of(n, shape.height(), shape.width(), shape.channels());
      try (TUint8 images = TUint8.tensorOf(batch, DataBuffers.of(pixels, true, false).narrow(batch.size()));
          Result result =
              model.session().runner().feed(model.inputName(), images).fetch(model.probabilitiesName()).run()) {
        ((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(probabilities, 0, n * k);
      }
      for (int i = 0; i < n; i++) {
        System.arraycopy(probabilities, i * k, row, 0, k);
        sink.accept(start + i, row);
      }
      progress.accept(start + n);
    }
  }
}
