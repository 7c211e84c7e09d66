package org.nclab.runtime.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nclab.runtime.variables.ModelVariable;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Assign ops, built with the graph, that set chosen variables to values computed in Java (a
 * classifier started from a linear probe). Built before the session so the graph is complete when
 * it starts.
 */
final class VariableSetter {
  private record Setter(ModelVariable variable, Placeholder<TFloat32> value, Op assign) {}

  private final Map<String, Setter> setters;

  private VariableSetter(Map<String, Setter> setters) {
    this.setters = setters;
  }

  static VariableSetter build(Graph graph, List<ModelVariable> variables, Set<String> names) {
    Ops tf = Ops.create(graph).withSubScope("set_variables");
    Map<String, Setter> setters = new LinkedHashMap<>();
    for (ModelVariable v : variables) {
      if (names.contains(v.name())) {
        Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
        setters.put(v.name(), new Setter(v, value, tf.assign(v.variable(), value)));
      }
    }
    return new VariableSetter(setters);
  }

  boolean has(String name) {
    return setters.containsKey(name);
  }

  int size(String name) {
    return (int) setters.get(name).variable().size();
  }

  void set(Session session, String name, float[] values) {
    Setter setter = setters.get(name);
    try (TFloat32 tensor =
            TFloat32.tensorOf(setter.variable().shape(), DataBuffers.of(values, true, false));
        Result done =
            session.runner().feed(setter.value(), tensor).addTarget(setter.assign()).run()) {
      // the assignment is the point
    }
  }
}
