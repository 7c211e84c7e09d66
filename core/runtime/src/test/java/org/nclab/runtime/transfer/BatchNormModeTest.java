package org.nclab.runtime.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.graph.Layers;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.graph.TrainableScopes;
import org.nclab.runtime.graph.TrainingGraphs;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.train.Batch;
import org.nclab.runtime.train.BatchPrefetcher;
import org.nclab.runtime.train.EpochOrder;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainerTestSupport;
import org.nclab.runtime.variables.ModelVariable;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The three batch-norm modes of fine-tuning on a real pre-trained checkpoint (a cnn of two conv
 * blocks, 8 and 16 channels, each max-pooled). Recomputed statistics are checked against a float64
 * forward pass of the model written here: block1's batch norm reads conv(images), block2's reads
 * conv(maxpool(relu(bn1(conv(images))))).
 */
class BatchNormModeTest {
  private static final ImageShape SHAPE = TinyPretrainedRun.SHAPE;
  private static final TrainSettings SETTINGS = TrainerTestSupport.settings("sgd", 2);
  private static final List<String> STATISTICS =
      List.of(
          "backbone/block1/bn/moving_mean",
          "backbone/block1/bn/moving_variance",
          "backbone/block2/bn/moving_mean",
          "backbone/block2/bn/moving_variance");

  @TempDir static Path run;
  private static TinyPretrainedRun source;

  /** The source; downstream: 3 other classes, 96 training images (6 steps of 32 in 2 epochs). */
  @BeforeAll
  static void pretrain() {
    source = TinyPretrainedRun.train(run, SETTINGS);
  }

  private static TransferModel open(TransferMethod method, String block, BatchNormMode mode) {
    return TransferModel.open(
        TrainerTestSupport.spec(SETTINGS).forTransfer(3, TrainableScopes.ALL, null),
        method,
        block,
        SkipConnection.Variant.CONCAT,
        mode,
        source.checkpoint(),
        SessionSettings.defaults());
  }

  /** Fine-tunes with {@code mode} and returns every variable afterwards. */
  private static Map<String, float[]> fineTune(
      TransferMethod method, String block, BatchNormMode mode) {
    try (TransferModel model = open(method, block, mode)) {
      FineTuning.fit(model, TinyPretrainedRun.downstream(), SETTINGS, 7, List.of());
      return TrainingGraphs.snapshot(model.session(), model.model());
    }
  }

  @Test
  void recomputedStatisticsAreTheFloat64StatisticsOfEachBatchNormsInput() {
    Map<String, float[]> after = fineTune(TransferMethod.FULL, "", BatchNormMode.RECOMPUTE);
    double[][] reference =
        Reference.statistics(after, TinyPretrainedRun.downstream().split(Trainer.TRAIN_SPLIT));
    for (int i = 0; i < STATISTICS.size(); i++) {
      assertClose(reference[i], after.get(STATISTICS.get(i)), 2e-5, STATISTICS.get(i));
    }
  }

  @Test
  void trainModesMovingAveragesAreNotTheStatisticsOfTheFineTunedWeights() {
    // The anomaly recompute removes: after 6 steps the moving averages still hold 0.9^6 = 53% of
    // the pre-trained statistics.
    Map<String, float[]> after = fineTune(TransferMethod.FULL, "", BatchNormMode.TRAIN);
    double[][] reference =
        Reference.statistics(after, TinyPretrainedRun.downstream().split(Trainer.TRAIN_SPLIT));
    for (int i = 0; i < STATISTICS.size(); i++) {
      String name = STATISTICS.get(i);
      assertFalse(
          Arrays.equals(source.variables().get(name), after.get(name)), name + " was updated");
      assertTrue(
          maxRelativeError(reference[i], after.get(name)) > 0.01,
          name + " equals the recomputed statistics, so the test above proves nothing");
    }
  }

  @Test
  void sclRecomputesOnlyTheTunedBlockAndLeavesTheFrozenOnesByteIdentical() {
    Map<String, float[]> after = fineTune(TransferMethod.SCL, "block1", BatchNormMode.RECOMPUTE);
    double[][] reference =
        Reference.statistics(after, TinyPretrainedRun.downstream().split(Trainer.TRAIN_SPLIT));
    assertClose(reference[0], after.get(STATISTICS.get(0)), 2e-5, STATISTICS.get(0));
    assertClose(reference[1], after.get(STATISTICS.get(1)), 2e-5, STATISTICS.get(1));
    for (String name : STATISTICS.subList(2, 4)) {
      assertArrayEquals(source.variables().get(name), after.get(name), "frozen " + name);
    }
  }

  @Test
  void frozenStatisticsStayByteIdenticalWhileGammaBetaAndKernelsTrain() {
    Map<String, float[]> after = fineTune(TransferMethod.FULL, "", BatchNormMode.FROZEN);
    for (String name : STATISTICS) {
      assertArrayEquals(source.variables().get(name), after.get(name), name);
    }
    for (String name :
        List.of(
            "backbone/block1/bn/gamma",
            "backbone/block1/bn/beta",
            "backbone/block2/bn/gamma",
            "backbone/block2/conv/kernel")) {
      assertFalse(
          Arrays.equals(source.variables().get(name), after.get(name)), name + " should train");
    }
  }

  @Test
  void frozenStatisticsMakeTheTrainingPassComputeTheEvaluationPass() {
    // Before any step, on one batch: with frozen statistics both passes normalise with the
    // pre-trained moving statistics and give the same loss; with batch statistics they do not.
    double[] frozen = losses(BatchNormMode.FROZEN);
    assertEquals(frozen[1], frozen[0], 1e-6, "frozen: training-pass loss = evaluation-pass loss");
    double[] train = losses(BatchNormMode.TRAIN);
    assertEquals(frozen[1], train[1], 1e-6, "the evaluation pass does not depend on the mode");
    assertTrue(Math.abs(train[0] - train[1]) > 1e-3, "train: batch statistics " + train[0]);
  }

  @Test
  void frozenBatchNormsGradientIsTheLossesFiniteDifference() {
    // Every layer in evaluation mode: the gradient reaches block1's gamma through block2's
    // batch norm on its moving statistics. Central differences of the training-pass loss check it.
    String name = "backbone/block1/bn/gamma";
    Split split = TinyPretrainedRun.downstream().split(Trainer.TRAIN_SPLIT);
    try (TransferModel model = open(TransferMethod.FULL, "", BatchNormMode.FROZEN);
        BatchPrefetcher batches =
            new BatchPrefetcher(split, SHAPE, 3, EpochOrder.sequential(32), 32, "test");
        Batch batch = batches.next()) {
      Graph graph = model.model().graph();
      ForwardPass train = model.model().train();
      ModelVariable gamma =
          model.model().variables().stream().filter(v -> v.name().equals(name)).findFirst().get();
      Output<?> gradient =
          graph
              .addGradients(
                  "test_gradients",
                  new Output<?>[] {train.meanLoss().asOutput()},
                  new Output<?>[] {gamma.read().asOutput()},
                  null)[0];
      Ops tf = Ops.create(graph).withSubScope("test_set");
      Placeholder<TFloat32> value = tf.placeholder(TFloat32.class);
      Op assign = tf.assign(gamma.variable(), value);
      float[] at = source.variables().get(name);
      float[] symbolic = new float[at.length];
      try (Result result = onTrainingPass(model, batch).fetch(gradient).run()) {
        ((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(symbolic);
      }
      double h = 1e-2;
      for (int c = 0; c < at.length; c++) {
        double[] loss = new double[2];
        for (int side = 0; side < 2; side++) {
          float[] moved = at.clone();
          moved[c] += (float) (side == 0 ? h : -h);
          try (TFloat32 tensor = TFloat32.vectorOf(moved)) {
            model.session().runner().feed(value, tensor).addTarget(assign).run().close();
          }
          try (Result result = onTrainingPass(model, batch).fetch(train.meanLoss()).run()) {
            loss[side] = ((TFloat32) result.get(0)).getFloat();
          }
        }
        double difference = (loss[0] - loss[1]) / (2 * h);
        assertEquals(
            difference,
            symbolic[c],
            2e-3 + 0.02 * Math.abs(difference),
            name + "[" + c + "]: finite difference " + difference + ", gradient " + symbolic[c]);
      }
    }
  }

  /** The training pass's and the evaluation pass's mean loss on the first 32 training images. */
  private static double[] losses(BatchNormMode mode) {
    Split split = TinyPretrainedRun.downstream().split(Trainer.TRAIN_SPLIT);
    try (TransferModel model = open(TransferMethod.FULL, "", mode);
        BatchPrefetcher batches =
            new BatchPrefetcher(split, SHAPE, 3, EpochOrder.sequential(32), 32, "test");
        Batch batch = batches.next()) {
      ForwardPass train = model.model().train();
      ForwardPass eval = model.model().eval();
      try (Result result =
          onTrainingPass(model, batch)
              .feed(eval.images(), batch.images())
              .feed(eval.labels(), batch.labels())
              .fetch(train.meanLoss())
              .fetch(eval.meanLoss())
              .run()) {
        return new double[] {
          ((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat()
        };
      }
    }
  }

  /** A runner with {@code batch} fed to the training pass. */
  private static Session.Runner onTrainingPass(TransferModel model, Batch batch) {
    ForwardPass train = model.model().train();
    return model
        .session()
        .runner()
        .feed(train.images(), batch.images())
        .feed(train.labels(), batch.labels());
  }

  private static void assertClose(
      double[] expected, float[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what);
    assertTrue(
        maxRelativeError(expected, actual) < tolerance,
        what + ": relative error " + maxRelativeError(expected, actual));
  }

  private static double maxRelativeError(double[] expected, float[] actual) {
    double worst = 0;
    for (int c = 0; c < expected.length; c++) {
      worst =
          Math.max(
              worst, Math.abs(actual[c] - expected[c]) / Math.max(1e-3, Math.abs(expected[c])));
    }
    return worst;
  }

  /** The model's evaluation pass in float64, from the variables' values alone. */
  private static final class Reference {
    private Reference() {}

    /**
     * Mean and population variance per channel of block1's and block2's batch-norm inputs over the
     * split: {mean1, variance1, mean2, variance2}.
     */
    static double[][] statistics(Map<String, float[]> variables, Split split) {
      int n = split.size();
      int h = SHAPE.height();
      int w = SHAPE.width();
      double[][][][] images = new double[n][h][w][1];
      float[] pixels = new float[SHAPE.size()];
      for (int i = 0; i < n; i++) {
        split.copyImage(i, pixels, 0);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            images[i][y][x][0] = pixels[y * w + x];
          }
        }
      }
      double[][][][] conv1 = conv(images, variables.get("backbone/block1/conv/kernel"), 8);
      double[][] first = meanAndVariance(conv1);
      double[][][][] block1 =
          maxPool(
              relu(
                  normalise(
                      conv1,
                      variables.get("backbone/block1/bn/moving_mean"),
                      variables.get("backbone/block1/bn/moving_variance"),
                      variables.get("backbone/block1/bn/gamma"),
                      variables.get("backbone/block1/bn/beta"))));
      double[][][][] conv2 = conv(block1, variables.get("backbone/block2/conv/kernel"), 16);
      double[][] second = meanAndVariance(conv2);
      return new double[][] {first[0], first[1], second[0], second[1]};
    }

    /** 3x3 'SAME' convolution, stride 1, no bias; kernel [3, 3, in, out] row-major. */
    static double[][][][] conv(double[][][][] x, float[] kernel, int out) {
      int n = x.length;
      int h = x[0].length;
      int w = x[0][0].length;
      int in = x[0][0][0].length;
      double[][][][] y = new double[n][h][w][out];
      for (int i = 0; i < n; i++) {
        for (int r = 0; r < h; r++) {
          for (int c = 0; c < w; c++) {
            for (int o = 0; o < out; o++) {
              double s = 0;
              for (int dr = 0; dr < 3; dr++) {
                for (int dc = 0; dc < 3; dc++) {
                  int rr = r + dr - 1;
                  int cc = c + dc - 1;
                  if (rr < 0 || rr >= h || cc < 0 || cc >= w) {
                    continue;
                  }
                  for (int k = 0; k < in; k++) {
                    s += x[i][rr][cc][k] * kernel[((dr * 3 + dc) * in + k) * out + o];
                  }
                }
              }
              y[i][r][c][o] = s;
            }
          }
        }
      }
      return y;
    }

    static double[][] meanAndVariance(double[][][][] x) {
      int channels = x[0][0][0].length;
      double[] mean = new double[channels];
      double[] variance = new double[channels];
      long count = (long) x.length * x[0].length * x[0][0].length;
      for (double[][][] image : x) {
        for (double[][] row : image) {
          for (double[] pixel : row) {
            for (int c = 0; c < channels; c++) {
              mean[c] += pixel[c] / count;
            }
          }
        }
      }
      for (double[][][] image : x) {
        for (double[][] row : image) {
          for (double[] pixel : row) {
            for (int c = 0; c < channels; c++) {
              variance[c] += (pixel[c] - mean[c]) * (pixel[c] - mean[c]) / count;
            }
          }
        }
      }
      return new double[][] {mean, variance};
    }

    static double[][][][] normalise(
        double[][][][] x, float[] mean, float[] variance, float[] gamma, float[] beta) {
      double[][][][] y = new double[x.length][x[0].length][x[0][0].length][];
      for (int i = 0; i < x.length; i++) {
        for (int r = 0; r < x[0].length; r++) {
          for (int c = 0; c < x[0][0].length; c++) {
            double[] p = x[i][r][c];
            y[i][r][c] = new double[p.length];
            for (int k = 0; k < p.length; k++) {
              y[i][r][c][k] =
                  gamma[k] * (p[k] - mean[k]) / Math.sqrt(variance[k] + Layers.BATCH_NORM_EPSILON)
                      + beta[k];
            }
          }
        }
      }
      return y;
    }

    static double[][][][] relu(double[][][][] x) {
      for (double[][][] image : x) {
        for (double[][] row : image) {
          for (double[] pixel : row) {
            for (int k = 0; k < pixel.length; k++) {
              pixel[k] = Math.max(0, pixel[k]);
            }
          }
        }
      }
      return x;
    }

    /** 2x2 max pooling, stride 2, 'VALID'. */
    static double[][][][] maxPool(double[][][][] x) {
      int h = x[0].length / 2;
      int w = x[0][0].length / 2;
      int channels = x[0][0][0].length;
      double[][][][] y = new double[x.length][h][w][channels];
      for (int i = 0; i < x.length; i++) {
        for (int r = 0; r < h; r++) {
          for (int c = 0; c < w; c++) {
            for (int k = 0; k < channels; k++) {
              y[i][r][c][k] =
                  Math.max(
                      Math.max(x[i][2 * r][2 * c][k], x[i][2 * r][2 * c + 1][k]),
                      Math.max(x[i][2 * r + 1][2 * c][k], x[i][2 * r + 1][2 * c + 1][k]));
            }
          }
        }
      }
      return y;
    }
  }
}
