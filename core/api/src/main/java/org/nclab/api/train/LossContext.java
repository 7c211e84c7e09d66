package org.nclab.api.train;

import java.util.List;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.model.Tap;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** What a {@link Regularizer} sees of the training graph, on top of building its own pieces. */
public interface LossContext extends GraphContext {

  /** The backbone's features, [N, D]. */
  Operand<TFloat32> features();

  /** The classifier's logits, [N, K]. */
  Operand<TFloat32> logits();

  /**
   * One-hot labels, [N, K] float. Dense on purpose: TensorFlow Java 1.1.0 has no gradient for the
   * sparse softmax cross-entropy.
   */
  Operand<TFloat32> labels();

  /** K, the number of classes: the width of {@link #logits()} and {@link #labels()}. */
  int numClasses();

  /** The backbone's block outputs, input to output. */
  List<Tap> taps();

  /**
   * How many augmented views of each example the batch holds. With V views of B examples, every
   * tensor above has V·B rows, view after view: rows [v·B, (v+1)·B) are view v of the same B
   * examples in the same order. 1 when no augmentation asks for more.
   */
  int views();
}
