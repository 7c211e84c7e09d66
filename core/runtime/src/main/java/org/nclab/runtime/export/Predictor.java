package org.nclab.runtime.export;

import java.util.function.IntConsumer;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.nclab.api.image.PixelScale;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Runs a loaded model's {@code serving_default} over inputs in batches, in input order. A uint8
 * model gets the 8-bit pixels; a float32 model gets them through its dataset's {@link PixelScale}
 * (e.g. v / 255), the floats the dataset made of its own images.
 */
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

  /**
   * Refuses, before any image is read, a float32 model whose dataset's floats are not pixels.
   *
   * @throws UserException naming the dataset's inputs and what to do instead
   */
  public static void requireImageInput(LoadedModel model) {
    if (!InputNormalization.UINT8.equals(model.dtype()) && model.preparation().scale() == null) {
      throw UserException.of(
          "this model takes "
              + model.dtype()
              + " values as its dataset yields them, and its dataset declared"
              + " no relation of those values to 8-bit pixels",
          "the model's nclab-model.json (input.pixel_scale is missing)",
          "call the SavedModel with those values yourself; predict reads images for models of image"
              + " datasets");
    }
  }

  /** Predicts every input; {@code progress} hears the number of images done after each batch. */
  public void run(PredictInputs inputs, Sink sink, IntConsumer progress) {
    requireImageInput(model);
    PixelScale scale =
        InputNormalization.UINT8.equals(model.dtype()) ? null : model.preparation().scale();
    ImageShape shape = model.shape();
    int channels = shape.channels();
    float[][] tables = new float[channels][];
    for (int c = 0; scale != null && c < channels; c++) {
      tables[c] = scale.table(scale.channels() == 1 ? 0 : c);
    }
    int k = model.classes().size();
    byte[] pixels = new byte[batchSize * shape.size()];
    float[] floats = scale == null ? null : new float[batchSize * shape.size()];
    float[] probabilities = new float[batchSize * k];
    float[] row = new float[k];
    for (int start = 0; start < inputs.size(); start += batchSize) {
      int n = Math.min(batchSize, inputs.size() - start);
      for (int i = 0; i < n; i++) {
        inputs.copyPixels(start + i, pixels, i * shape.size());
      }
      Shape batch = Shape.of(n, shape.height(), shape.width(), shape.channels());
      if (floats != null) {
        for (int i = 0; i < batch.size(); i++) {
          floats[i] = tables[i % channels][pixels[i] & 0xFF];
        }
      }
      try (Tensor images =
              floats == null
                  ? TUint8.tensorOf(batch, DataBuffers.of(pixels, true, false).narrow(batch.size()))
                  : TFloat32.tensorOf(
                      batch, DataBuffers.of(floats, true, false).narrow(batch.size()));
          Result result =
              model
                  .session()
                  .runner()
                  .feed(model.inputName(), images)
                  .fetch(model.probabilitiesName())
                  .run()) {
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
