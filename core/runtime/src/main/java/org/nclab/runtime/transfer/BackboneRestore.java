package org.nclab.runtime.transfer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nclab.api.UserException;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.variables.ModelVariable;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Loads only the backbone's variables (weights and batch-norm statistics) from a pre-trained run's
 * checkpoint into a transfer model: the classifier is new (another class count), the projection
 * head and optimizer state stay behind. {@code Session.restore} would restore every variable of the
 * graph, so this reads the checkpoint by name with TensorFlow's RestoreV2 op.
 */
final class BackboneRestore {
  private final Placeholder<TString> prefix;
  private final Op restore;
  private final int count;

  private BackboneRestore(Placeholder<TString> prefix, Op restore, int count) {
    this.prefix = prefix;
    this.restore = restore;
    this.count = count;
  }

  /** Adds the restore ops for every variable under {@code backbone/} to the graph. */
  static BackboneRestore build(Graph graph, List<ModelVariable> variables) {
    List<ModelVariable> backbone =
        variables.stream().filter(v -> v.name().startsWith(ModelAssembly.BACKBONE + "/")).toList();
    Ops tf = Ops.create(graph).withSubScope("restore_backbone");
    Placeholder<TString> prefix = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    String[] names = backbone.stream().map(ModelVariable::name).toArray(String[]::new);
    String[] wholeTensors = new String[names.length];
    Arrays.fill(wholeTensors, "");
    List<Class<? extends TType>> types =
        new ArrayList<>(Collections.nCopies(names.length, TFloat32.class));
    Restore read =
        tf.train.restore(
            prefix,
            tf.constant(StandardCharsets.UTF_8, names),
            tf.constant(StandardCharsets.UTF_8, wholeTensors),
            types);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < backbone.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) read.tensors().get(i);
      assigns.add(tf.assign(backbone.get(i).variable(), value));
    }
    return new BackboneRestore(prefix, tf.withControlDependencies(assigns).noOp(), names.length);
  }

  /** Number of variables restored. */
  int count() {
    return count;
  }

  /** Assigns the checkpoint's backbone values; a checkpoint of another architecture is refused. */
  void run(Session session, Path checkpoint) {
    try (TString path =
            TString.scalarOf(checkpoint.resolve(Checkpoints.VARIABLES_PREFIX).toString());
        Result done = session.runner().feed(prefix, path).addTarget(restore).run()) {
      // nothing fetched: the assignments are the point
    } catch (TensorFlowException e) {
      throw UserException.of(
          "the checkpoint's backbone does not fit the model built from its run's config: "
              + e.getMessage().lines().findFirst().orElse(""),
          checkpoint.toString(),
          "transfer from a checkpoint written by 'nclab train' with the same [model] table");
    }
  }
}
