package org.nclab.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.data.ImageShape;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.Initializer;
import org.nclab.api.graph.VariableKind;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Operands;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One TensorFlow graph and its session, for running an extension's graph code in a test the way
 * nclab would, without nclab's runtime: contexts to build in ({@link #context}, {@link
 * #lossContext}, {@link #augmentContext}), the variables they created, and fetches that return
 * plain Java arrays. Build first, then fetch: the first fetch opens the session and initialises
 * every variable. Closes both.
 *
 * <pre>{@code
 * try (TestGraph g = new TestGraph()) {
 *   TestLossContext ctx = g.lossContext("reg_my-loss", g.lossInputs(features, logits, labels, 3));
 *   List<LossTerm> terms = new MyRegularizer().terms(Extensions.options(new MyRegularizer()), ctx);
 *   double value = g.scalar(terms.get(0).value());
 *   double[][] dFeatures = g.gradient(terms.get(0).value(), ctx.features());
 * }
 * }</pre>
 */
public final class TestGraph implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final long seed;
  private final Map<String, TestVariable> variables = new LinkedHashMap<>();
  private final List<Op> initAssignments = new ArrayList<>();
  private final List<StateUpdate> stateUpdates = new ArrayList<>();
  private Session session;
  private int gradients;

  /** A graph whose seeds derive from 42. */
  public TestGraph() {
    this(42);
  }

  /**
   * @param seed the run seed that {@link GraphContext#seed} derives from
   */
  public TestGraph(long seed) {
    this.seed = seed;
  }

  public Graph graph() {
    return graph;
  }

  /** The root op factory. */
  public Ops tf() {
    return tf;
  }

  /** A context at {@code scope} ("" for the root), as nclab hands a backbone or a layer. */
  public TestGraphContext context(String scope, boolean training) {
    return new TestGraphContext(
        this, scope.isEmpty() ? tf : tf.withSubScope(scope), scope, training);
  }

  /**
   * A regularizer's context in {@code scope}. nclab names a table's scope {@code regularizerI_ID},
   * I its position among the [[regularizer]] tables from 0 ({@code regularizer0_supcon}); pass that
   * and the variables get the names a run's checkpoint keys would have.
   */
  public TestLossContext lossContext(String scope, LossInputs inputs) {
    return new TestLossContext(this, tf.withSubScope(scope), scope, inputs);
  }

  /** An augmentation's context for images of {@code shape}; {@code step} feeds the seeds. */
  public TestAugmentContext augmentContext(ImageShape shape, long step) {
    return new TestAugmentContext(tf, shape, seed, step);
  }

  /** Features, logits and one-hot labels as constants, one view, no taps. */
  public LossInputs lossInputs(
      double[][] features, double[][] logits, int[] labels, int numClasses) {
    return new LossInputs(
        constant(features),
        constant(logits),
        constant(oneHot(labels, numClasses)),
        numClasses,
        List.of(),
        1);
  }

  /** A float32 constant of these rows. */
  public Operand<TFloat32> constant(double[][] rows) {
    return tf.constant(Arrays2.toFloat(rows));
  }

  /** Rows of one-hot labels: row i has a 1 at {@code labels[i]}. */
  public static double[][] oneHot(int[] labels, int numClasses) {
    double[][] out = new double[labels.length][numClasses];
    for (int i = 0; i < labels.length; i++) {
      out[i][labels[i]] = 1;
    }
    return out;
  }

  /** Every variable the contexts created, in creation order. */
  public List<TestVariable> variables() {
    return List.copyOf(variables.values());
  }

  /** The variable of this full name; fails the test when there is none. */
  public TestVariable variable(String fullName) {
    TestVariable variable = variables.get(fullName);
    if (variable == null) {
      throw new AssertionError("no variable '" + fullName + "'; there are " + variables.keySet());
    }
    return variable;
  }

  /** One assign op per state update registered in a training context (batch norm's statistics). */
  public List<Op> stateUpdates() {
    List<Op> ops = new ArrayList<>();
    for (StateUpdate update : stateUpdates) {
      ops.add(tf.assign(update.target().variable(), update.value()));
    }
    return ops;
  }

  /** Runs the graph and returns a scalar. */
  public double scalar(Operand<TFloat32> x) {
    try (Result result = session().runner().fetch(x).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  /** Runs the graph and returns every element of {@code x}, row-major. */
  public float[] values(Operand<TFloat32> x) {
    try (Result result = session().runner().fetch(x).run()) {
      TFloat32 tensor = (TFloat32) result.get(0);
      float[] out = new float[(int) tensor.size()];
      tensor.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  /** Runs the graph and returns every element of {@code x} as float64, row-major. */
  public double[] vector(Operand<TFloat32> x) {
    float[] values = values(x);
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** Runs the graph and returns a [rows, columns] value as float64 rows. */
  public double[][] matrix(Operand<TFloat32> x) {
    Shape shape = x.shape();
    if (shape.numDimensions() != 2 || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("matrix() needs a [rows, columns] operand, got " + shape);
    }
    return Arrays2.rows(values(x), (int) shape.size(1));
  }

  /**
   * TensorFlow's symbolic gradient of the scalar {@code y} with respect to {@code x} (a variable's
   * {@link TestVariable#read()}, or an input such as {@code ctx.features()}), evaluated.
   */
  public double[][] gradient(Operand<TFloat32> y, Operand<TFloat32> x) {
    return matrixOf(gradientOp(y, x), x.shape());
  }

  /** The gradient op of {@link #gradient}, for a training step of your own. */
  @SuppressWarnings("unchecked")
  public Operand<TFloat32> gradientOp(Operand<TFloat32> y, Operand<TFloat32> x) {
    Output<?>[] dy =
        graph.addGradients(
            "gradients_" + gradients++,
            new Output<?>[] {y.asOutput()},
            new Output<?>[] {x.asOutput()},
            null);
    return (Operand<TFloat32>) dy[0];
  }

  /** Runs these ops (a training step) once. */
  public void run(List<? extends Op> ops) {
    Session.Runner runner = session().runner();
    ops.forEach(runner::addTarget);
    runner.run();
  }

  /** The session, opened and with every variable initialised on first use. */
  public Session session() {
    if (session == null) {
      session = new Session(graph);
      session.run(tf.withControlDependencies(initAssignments).withName("init_all").noOp());
    }
    return session;
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    graph.close();
  }

  private double[][] matrixOf(Operand<TFloat32> x, Shape shape) {
    int columns = shape.numDimensions() == 2 ? (int) shape.size(1) : 1;
    return Arrays2.rows(values(x), columns);
  }

  TestVariable variable(String fullName, Shape shape, Initializer initializer, VariableKind kind) {
    TestVariable existing = variables.get(fullName);
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
    if (session != null) {
      throw new IllegalStateException("variable '" + fullName + "' created after the first fetch");
    }
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException(
          "variable " + fullName + " needs a fully known shape, got " + shape);
    }
    // Named verbatim (nclab's checkpoint keys are these names), read through identity as nclab
    // does.
    Variable<TFloat32> variable =
        new Variable<>(
            graph
                .opBuilder(Variable.OP_NAME, fullName, tf.scope())
                .setAttr("shape", shape)
                .setAttr("dtype", Operands.toDataType(TFloat32.class))
                .build());
    initAssignments.add(tf.assign(variable, initializer.create(tf, shape, seedFor(fullName))));
    Output<TFloat32> read =
        graph
            .opBuilder("Identity", fullName + "_read", tf.scope())
            .addInput(variable.asOutput())
            .build()
            .output(0);
    TestVariable created = new TestVariable(fullName, shape, kind, variable, read);
    variables.put(fullName, created);
    return created;
  }

  void addStateUpdate(TestVariable target, Operand<TFloat32> value) {
    stateUpdates.add(new StateUpdate(target, value));
  }

  /**
   * A deterministic seed pair per name. Not nclab's own derivation (it hashes differently), so a
   * test can rely on repeatability, never on the exact initial values a run would draw.
   */
  long[] seedFor(String name) {
    long hash = 1125899906842597L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash = 31 * hash + b;
    }
    return new long[] {seed, hash};
  }

  private record StateUpdate(TestVariable target, Operand<TFloat32> value) {}
}
