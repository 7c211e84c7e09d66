package org.nclab.runtime.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nclab.runtime.variables.ModelVariable;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** Test helpers over a built graph. */
public final class TrainingGraphs {
  private TrainingGraphs() {}

  /** Every variable's current value by name, copied out. */
  public static Map<String, float[]> snapshot(Session session, TrainingGraph graph) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ModelVariable v : graph.variables()) {
      try (var r = session.runner().fetch(v.read()).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] values = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(values);
        out.put(v.name(), values);
      }
    }
    return out;
  }
}
