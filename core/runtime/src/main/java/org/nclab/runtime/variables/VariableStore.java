package org.nclab.runtime.variables;

import com.google.common.base.Verify;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.graph.Initializer;
import org.nclab.api.graph.VariableKind;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Operands;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Owns every variable of one graph, by full name, in creation order.
 *
 * <p>Variables are created on first request and shared by later requests of the same name; that is
 * how the training and evaluation graphs share weights. Initial values are assigned by one explicit
 * init op ({@link #initializer()}) rather than TensorFlow Java's init scope, so that a restored run
 * skips initialisation entirely and no initialiser can observe another.
 */
public final class VariableStore {
  private final Graph graph;
  private final Ops rootTf;
  private final long runSeed;
  private final Map<String, ModelVariable> variables = new LinkedHashMap<>();
  private final List<Op> initAssignments = new ArrayList<>();

  public VariableStore(Graph graph, long runSeed) {
    this.graph = graph;
    this.rootTf = Ops.create(graph);
    this.runSeed = runSeed;
  }

  /** The existing variable of this name, or a new one with the given initial value. */
  public ModelVariable getOrCreate(
      String fullName, Shape shape, Initializer initializer, VariableKind kind) {
    ModelVariable existing = variables.get(fullName);
    if (existing != null) {
      if (!existing.shape().equals(shape) || existing.kind() != kind) {
        throw new IllegalStateException(
            "variable '"
                + fullName
                + "' requested as "
                + kind
                + " "
                + shape
                + " but exists as "
                + existing.kind()
                + " "
                + existing.shape());
      }
      return existing;
    }
    Verify.verify(
        !shape.isUnknown() && !shape.hasUnknownDimension(),
        "variable %s needs a fully known shape, got %s",
        fullName,
        shape);
    // The op names are the checkpoint keys, so they must be the full name verbatim. TensorFlow
    // Java's name scopes make names unique against the graph (a second variable under "backbone"
    // came out as "backbone_1/..."), so both ops are built by name directly.
    Variable<TFloat32> variable =
        new Variable<>(
            graph
                .opBuilder(Variable.OP_NAME, fullName, rootTf.scope())
                .setAttr("shape", shape)
                .setAttr("dtype", Operands.toDataType(TFloat32.class))
                .build());
    Operand<TFloat32> initial = initializer.create(rootTf, shape, seedFor(fullName));
    initAssignments.add(rootTf.assign(variable, initial));
    // Read through identity: feeding a raw VariableV2 output to some ops (square, l2 loss)
    // crashes the JVM inside TensorFlow Java 1.1.0's native gradient code.
    Output<TFloat32> read =
        graph
            .opBuilder("Identity", fullName + "_read", rootTf.scope())
            .addInput(variable.asOutput())
            .build()
            .output(0);
    ModelVariable created = new ModelVariable(fullName, variable, read, shape, kind);
    variables.put(fullName, created);
    return created;
  }

  public ModelVariable get(String fullName) {
    ModelVariable variable = variables.get(fullName);
    if (variable == null) {
      throw new IllegalArgumentException("no variable '" + fullName + "'");
    }
    return variable;
  }

  /** All variables in creation order. */
  public List<ModelVariable> all() {
    return Collections.unmodifiableList(new ArrayList<>(variables.values()));
  }

  /** One op that assigns every variable its initial value. */
  public Op initializer() {
    return rootTf.withControlDependencies(initAssignments).withName("init_all").noOp();
  }

  /**
   * A stateless-random seed pair that depends only on the run seed and a name, so adding a layer
   * elsewhere never changes the initial weights of this one.
   */
  public long[] seedFor(String name) {
    long hash = Hashing.murmur3_128().hashString(name, StandardCharsets.UTF_8).asLong();
    return new long[] {runSeed, hash};
  }
}
