package org.nclab.runtime.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.Initializer;
import org.nclab.api.graph.VariableKind;
import org.nclab.runtime.optim.UpdateGuard;
import org.nclab.runtime.variables.ModelVariable;
import org.nclab.runtime.variables.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The runtime's {@link GraphContext}: a variable scope path over a shared {@link VariableStore},
 * plus an op scope that keeps the training and evaluation passes' ops apart ({@code train/...},
 * {@code eval/...}) while their variables share names.
 */
public class ScopedGraphContext implements GraphContext {
  private final VariableStore store;
  private final StateUpdates updates;
  private final Ops tf;
  private final String scope;
  private final boolean training;
  private final TrainableScopes trainable;
  private final Tower tower;

  /**
   * One tower of a step whose batch norm is synchronised ({@code [model] sync_batch_norm}).
   *
   * @param index the tower's place, 0 to replicas - 1
   */
  record Tower(int index, TowerRendezvous rendezvous) {}

  /**
   * @param opsRoot ops of this pass, already scoped ({@code train} or {@code eval})
   * @param updates where state updates go; ignored when not training
   */
  public ScopedGraphContext(
      VariableStore store, StateUpdates updates, Ops opsRoot, String scope, boolean training) {
    this(store, updates, opsRoot, scope, training, TrainableScopes.ALL);
  }

  /**
   * @param trainable in the training pass, scopes outside these (all, with frozen statistics) are
   *     built in evaluation mode: their layers keep their batch-norm statistics and take no state
   *     updates
   */
  public ScopedGraphContext(
      VariableStore store,
      StateUpdates updates,
      Ops opsRoot,
      String scope,
      boolean training,
      TrainableScopes trainable) {
    this(store, updates, opsRoot, scope, training, trainable, null);
  }

  /**
   * @param tower the synchronised tower this context builds, or null
   */
  ScopedGraphContext(
      VariableStore store,
      StateUpdates updates,
      Ops opsRoot,
      String scope,
      boolean training,
      TrainableScopes trainable,
      Tower tower) {
    this.tower = tower;
    this.store = store;
    this.updates = updates;
    this.tf = opsRoot;
    this.scope = scope;
    this.training = training;
    this.trainable = trainable;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public boolean training() {
    return training;
  }

  @Override
  public GraphContext scope(String name) {
    String child = qualify(name);
    return new ScopedGraphContext(
        store,
        updates,
        tf.withSubScope(name),
        child,
        training && trainable.trainingModeWithin(child),
        trainable,
        tower);
  }

  @Override
  public boolean syncBatchNorm() {
    return tower != null;
  }

  @Override
  public Operand<TFloat32> sumOverReplicas(Operand<TFloat32> local) {
    return tower == null ? local : tower.rendezvous().sum(tower.index(), tf, local);
  }

  @Override
  public String scopeName() {
    return scope;
  }

  @Override
  public Operand<TFloat32> variable(
      String name, Shape shape, Initializer initializer, VariableKind kind) {
    return store.getOrCreate(qualify(name), shape, initializer, kind).read();
  }

  @Override
  public void addStateUpdate(String name, Operand<TFloat32> newValue) {
    if (!training) {
      return;
    }
    ModelVariable target = store.get(qualify(name));
    if (target.trainable()) {
      throw new IllegalArgumentException(
          "'" + target.name() + "' is trainable; only STATE variables take state updates");
    }
    updates.add(target, newValue);
  }

  @Override
  public long[] seed(String purpose) {
    return store.seedFor(qualify(purpose));
  }

  protected VariableStore store() {
    return store;
  }

  protected StateUpdates updates() {
    return updates;
  }

  Tower tower() {
    return tower;
  }

  private String qualify(String name) {
    return scope.isEmpty() ? name : scope + "/" + name;
  }

  /**
   * The state updates registered while building the training pass, as (variable, new value) pairs:
   * the assignments are made once the whole step is known, through its update guard.
   */
  public static final class StateUpdates {
    private final ArrayList<ModelVariable> targets = new ArrayList<>();
    private final ArrayList<Operand<TFloat32>> values = new ArrayList<>();

    void add(ModelVariable target, Operand<TFloat32> newValue) {
      targets.add(target);
      values.add(newValue);
    }

    /**
     * One assign op per updated variable, its value passed through {@code guard}. A variable that
     * several towers update (each tower's batch-norm moving averages) is assigned the mean of their
     * new values: for a moving average that is the old value moved towards the towers' mean batch
     * statistic.
     */
    public List<Op> assign(Ops tf, UpdateGuard guard) {
      Map<ModelVariable, List<Operand<TFloat32>>> byTarget = new LinkedHashMap<>();
      for (int i = 0; i < targets.size(); i++) {
        byTarget.computeIfAbsent(targets.get(i), t -> new ArrayList<>()).add(values.get(i));
      }
      ArrayList<Op> ops = new ArrayList<>();
      for (var entry : byTarget.entrySet()) {
        ModelVariable target = entry.getKey();
        List<Operand<TFloat32>> proposed = entry.getValue();
        Operand<TFloat32> value =
            proposed.size() == 1
                ? proposed.get(0)
                : tf.math.div(tf.math.addN(proposed), tf.constant((float) proposed.size()));
        ops.add(tf.assign(target.variable(), guard.commit(value, target.read())));
      }
      return ops;
    }
  }
}
