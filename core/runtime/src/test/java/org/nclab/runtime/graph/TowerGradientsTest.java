package org.nclab.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nclab.runtime.session.DeviceChoice;
import org.nclab.runtime.session.SessionSettings;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@link TowerGradients} on two towers whose objectives have closed-form gradients: the copied
 * backward passes compute them (list inputs such as ConcatOffset's and AddN's included), each
 * copied op asks for its tower's device, and what no tower reaches has no gradient.
 */
class TowerGradientsTest {
  private static final float[] X = {0.5f, -1.25f, 2f};
  private static final float C0 = 1.5f;

  @Test
  void eachTowersCopiedBackwardPassGivesTheClosedFormSumOnItsDevice() {
    DeviceSpec cpu0 =
        DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();
    DeviceSpec cpu1 =
        DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(1).build();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> px = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3)));
      Placeholder<TFloat32> pz = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3)));
      Placeholder<TFloat32> pu = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3)));
      // Reads, as the variable store gives them: x both towers use, z only tower 0, u none.
      Operand<TFloat32> x = tf.identity(px);
      Operand<TFloat32> z = tf.identity(pz);
      Operand<TFloat32> u = tf.identity(pu);
      Ops t0 = tf.withSubScope("tower0").withDevice(cpu0);
      // y0 = sum(c0 x^2) + sum(5 z): dy0/dx = 2 c0 x, dy0/dz = 5.
      Operand<TFloat32> y0 =
          t0.math.add(
              t0.sum(t0.math.mul(t0.constant(C0), t0.math.mul(x, x)), t0.constant(0)),
              t0.sum(t0.math.mul(t0.constant(5f), z), t0.constant(0)));
      Ops t1 = tf.withSubScope("tower1").withDevice(cpu1);
      // y1 = sum(concat(x^3, x)): dy1/dx = 3 x^2 + 1, through ConcatV2's gradient (ConcatOffset).
      Operand<TFloat32> y1 =
          t1.sum(
              t1.concat(List.of(t1.math.mul(x, t1.math.mul(x, x)), x), t1.constant(0)),
              t1.constant(0));
      Output<?>[] grads =
          TowerGradients.summed(
              g,
              tf.withSubScope("tower_gradients"),
              List.of(y0, y1),
              List.of(cpu0, cpu1),
              List.of(x.asOutput(), z.asOutput(), u.asOutput()));
      assertNotNull(grads[0]);
      assertNotNull(grads[1]);
      assertNull(grads[2], "no tower's objective reaches u");

      Map<String, List<String>> devices = new TreeMap<>();
      for (var it = g.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        for (int tower = 0; tower < 2; tower++) {
          if (op.name().startsWith(TowerGradients.prefix(tower) + "/")) {
            devices.computeIfAbsent("tower" + tower, k -> new ArrayList<>()).add(op.device());
          }
        }
      }
      assertEquals(List.of("tower0", "tower1"), List.copyOf(devices.keySet()), "" + devices);
      assertTrue(
          devices.get("tower0").stream().allMatch(d -> d.equals(cpu0.toString())), "" + devices);
      assertTrue(
          devices.get("tower1").stream().allMatch(d -> d.equals(cpu1.toString())), "" + devices);

      try (Session s =
              new Session(
                  g,
                  new SessionSettings(DeviceChoice.CPU, true, false, 0, 0, false, 2)
                      .configProto());
          TFloat32 xs = TFloat32.vectorOf(X);
          TFloat32 zs = TFloat32.vectorOf(7f, 8f, 9f);
          TFloat32 us = TFloat32.vectorOf(1f, 2f, 3f);
          Result r =
              s.runner()
                  .feed(px, xs)
                  .feed(pz, zs)
                  .feed(pu, us)
                  .fetch(grads[0])
                  .fetch(grads[1])
                  .run()) {
        TFloat32 gx = (TFloat32) r.get(0);
        TFloat32 gz = (TFloat32) r.get(1);
        for (int i = 0; i < X.length; i++) {
          double x64 = X[i];
          double expected = 2 * C0 * x64 + 3 * x64 * x64 + 1;
          assertEquals(expected, gx.getFloat(i), 1e-5 * Math.max(1, Math.abs(expected)), "dx " + i);
          assertEquals(5.0, gz.getFloat(i), 1e-6, "dz " + i);
        }
      }
    }
  }
}
