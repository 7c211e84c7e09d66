package org.nclab.runtime.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.types.TFloat32;

/**
 * Each tower's backward pass on that tower's device, the towers' gradients summed once per variable
 * (the in-graph replication of TensorFlow's multi-GPU CIFAR-10 example).
 *
 * <p>{@code Graph.addGradients} (the C API's {@code TF_AddGradientsWithPrefix}) gives the ops it
 * adds no device, so the placer puts nearly all of them on the first device, and TensorFlow Java's
 * public API cannot place an op once it is built (the C API's {@code TF_SetRequestedDevice} needs
 * the graph's native handle, which {@code Graph} keeps private). So each tower's gradients are
 * built in a scratch copy of the graph, under {@code gradients/tower<i>}, and copied back node by
 * node (op type, inputs by name, every attribute as its {@code AttrValue}) into a scope pinned to
 * the tower's device. The copies are the very ops TensorFlow built, so the values are those of one
 * {@code addGradients} call on that tower's objective.
 */
final class TowerGradients {
  /** Name prefix of tower {@code i}'s gradient ops. */
  static String prefix(int tower) {
    return "gradients/tower" + tower;
  }

  private TowerGradients() {}

  /**
   * The gradient of the sum of {@code objectives} with respect to each of {@code xs}: tower {@code
   * i}'s gradient of {@code objectives.get(i)} built on {@code devices.get(i)}, then summed over
   * the towers by {@code tf} (unpinned). Each objective already carries its tower's share of the
   * batch, so the sum is the towers' gradients averaged. An entry is null when no tower's objective
   * reaches it.
   */
  static Output<?>[] summed(
      Graph graph,
      Ops tf,
      List<Operand<TFloat32>> objectives,
      List<DeviceSpec> devices,
      List<Output<?>> xs) {
    int towers = objectives.size();
    List<List<Integer>> reached = new ArrayList<>();
    for (Operand<TFloat32> objective : objectives) {
      // addGradients refuses an x its y cannot reach at all: ask each tower only for its own.
      Set<GraphOperation> upstream = graph.subgraphTo(Set.of(objective));
      List<Integer> indices = new ArrayList<>();
      for (int j = 0; j < xs.size(); j++) {
        if (upstream.contains((GraphOperation) xs.get(j).op())) {
          indices.add(j);
        }
      }
      reached.add(indices);
    }

    // Scratch names of each tower's gradients, by x index (null: not reached).
    List<String[]> names = new ArrayList<>();
    List<int[]> indexes = new ArrayList<>();
    Map<String, NodeDef> built;
    try (Graph scratch = new Graph()) {
      scratch.importGraphDef(graph.toGraphDef());
      for (int i = 0; i < towers; i++) {
        List<Integer> indices = reached.get(i);
        Output<?>[] towerXs =
            indices.stream().map(j -> twin(scratch, xs.get(j))).toArray(Output<?>[]::new);
        String[] towerNames = new String[xs.size()];
        int[] towerIndexes = new int[xs.size()];
        if (towerXs.length > 0) {
          Output<?>[] dy =
              scratch.addGradients(
                  prefix(i), new Output<?>[] {twin(scratch, objectives.get(i))}, towerXs, null);
          for (int k = 0; k < dy.length; k++) {
            // A variable reached only through a stop-gradient comes back as a handle-less output.
            if (dy[k] != null && !dy[k].isClosed()) {
              towerNames[indices.get(k)] = dy[k].op().name();
              towerIndexes[indices.get(k)] = dy[k].index();
            }
          }
        }
        names.add(towerNames);
        indexes.add(towerIndexes);
      }
      built = new HashMap<>();
      for (NodeDef node : scratch.toGraphDef().getNodeList()) {
        if (node.getName().startsWith("gradients/tower")) {
          built.put(node.getName(), node);
        }
      }
    }

    NodeCopier copier = new NodeCopier(graph);
    for (int i = 0; i < towers; i++) {
      copier.copyUnder(prefix(i) + "/", built, graph.baseScope().withDevice(devices.get(i)));
    }
    Output<?>[] sums = new Output<?>[xs.size()];
    for (int j = 0; j < xs.size(); j++) {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int i = 0; i < towers; i++) {
        String name = names.get(i)[j];
        if (name != null) {
          parts.add(graph.operationOrThrow(name).<TFloat32>output(indexes.get(i)[j]));
        }
      }
      sums[j] =
          parts.isEmpty()
              ? null
              : parts.size() == 1 ? parts.get(0).asOutput() : tf.math.addN(parts).asOutput();
    }
    return sums;
  }

  /** The output of the same name in {@code scratch}, a copy of the graph {@code x} lives in. */
  private static Output<?> twin(Graph scratch, Operand<?> x) {
    Output<?> output = x.asOutput();
    return scratch.operationOrThrow(output.op().name()).output(output.index());
  }

  /**
   * Builds nodes of a {@code GraphDef} into a graph: the op's registered definition says which of
   * the node's flat inputs form a list input, and every attribute is set from its proto value.
   */
  private static final class NodeCopier {
    private final Graph graph;
    private final Map<String, OpDef> ops = new HashMap<>();

    NodeCopier(Graph graph) {
      this.graph = graph;
      for (OpDef op : TensorFlow.registeredOpList().getOpList()) {
        ops.put(op.getName(), op);
      }
    }

    /**
     * Copies the nodes of {@code nodes} named under {@code prefix}, inputs before consumers, each
     * built through {@code scope} (its device).
     */
    void copyUnder(String prefix, Map<String, NodeDef> nodes, Scope scope) {
      List<NodeDef> pending = new ArrayList<>();
      for (NodeDef node : nodes.values()) {
        if (node.getName().startsWith(prefix)) {
          pending.add(node);
        }
      }
      // Creation order is topological, but the map keeps none: order by dependencies here.
      Map<String, NodeDef> byName = new HashMap<>();
      pending.forEach(n -> byName.put(n.getName(), n));
      List<NodeDef> order = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (NodeDef node : pending) {
        visit(node, byName, seen, order);
      }
      for (NodeDef node : order) {
        copy(node, scope);
      }
      graph.baseScope().refreshNames(); // the graph's op-name registry learns the copied names
    }

    /**
     * Appends {@code start} and the unseen nodes it depends on to {@code out}, inputs first;
     * iterative, since backward chains can be thousands of ops deep.
     */
    private static void visit(
        NodeDef start, Map<String, NodeDef> byName, Set<String> seen, List<NodeDef> out) {
      if (!seen.add(start.getName())) {
        return;
      }
      List<NodeDef> stack = new ArrayList<>(List.of(start));
      List<Integer> next = new ArrayList<>(List.of(0));
      while (!stack.isEmpty()) {
        int top = stack.size() - 1;
        NodeDef node = stack.get(top);
        int k = next.get(top);
        if (k < node.getInputCount()) {
          next.set(top, k + 1);
          NodeDef input = byName.get(opName(node.getInput(k)));
          if (input != null && seen.add(input.getName())) {
            stack.add(input);
            next.add(0);
          }
        } else {
          stack.remove(top);
          next.remove(top);
          out.add(node);
        }
      }
    }

    private void copy(NodeDef node, Scope scope) {
      OpDef op = ops.get(node.getOp());
      if (op == null) {
        throw new IllegalStateException("no registered op " + node.getOp() + " for " + node);
      }
      OperationBuilder builder = graph.opBuilder(node.getOp(), node.getName(), scope);
      List<Output<?>> data = new ArrayList<>();
      for (String input : node.getInputList()) {
        if (input.startsWith("^")) {
          builder.addControlInput(graph.operationOrThrow(input.substring(1)));
        } else {
          data.add(output(input));
        }
      }
      int next = 0;
      for (OpDef.ArgDef arg : op.getInputArgList()) {
        if (!arg.getNumberAttr().isEmpty() || !arg.getTypeListAttr().isEmpty()) {
          AttrValue length =
              node.getAttrOrThrow(
                  arg.getNumberAttr().isEmpty() ? arg.getTypeListAttr() : arg.getNumberAttr());
          int count =
              arg.getNumberAttr().isEmpty() ? length.getList().getTypeCount() : (int) length.getI();
          builder.addInputList(data.subList(next, next + count).toArray(Output<?>[]::new));
          next += count;
        } else {
          builder.addInput(data.get(next++));
        }
      }
      if (next != data.size()) {
        throw new IllegalStateException(
            node.getName() + ": " + data.size() + " inputs, its op takes " + next);
      }
      for (Map.Entry<String, AttrValue> attr : node.getAttrMap().entrySet()) {
        builder.setAttr(attr.getKey(), attr.getValue());
      }
      builder.build();
    }

    /** {@code name} or {@code name:k} as an output of the graph. */
    private Output<?> output(String input) {
      int colon = input.lastIndexOf(':');
      return colon < 0
          ? graph.operationOrThrow(input).output(0)
          : graph
              .operationOrThrow(input.substring(0, colon))
              .output(Integer.parseInt(input.substring(colon + 1)));
    }

    private static String opName(String input) {
      String name = input.startsWith("^") ? input.substring(1) : input;
      int colon = name.lastIndexOf(':');
      return colon < 0 ? name : name.substring(0, colon);
    }
  }
}
