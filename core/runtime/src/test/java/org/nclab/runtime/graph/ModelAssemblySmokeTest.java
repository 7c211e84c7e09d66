package org.nclab.runtime.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.data.ImageShape;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.options.Options;
import org.nclab.runtime.backbones.CnnBackbone;
import org.nclab.runtime.backbones.ResNetBackbone;
import org.nclab.runtime.losses.CrossEntropyRegularizer;
import org.nclab.runtime.optim.SgdOptimizer;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class ModelAssemblySmokeTest {

  @Test
  void referenceNetworksHaveTheDocumentedParameterCounts() {
    assertEquals(112_970, parameters(new CnnBackbone()));
    assertEquals(77_754, parameters(new ResNetBackbone()));
  }

  @Test
  void cnnTrainsAStep() {
    var cnn = new CnnBackbone();
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, spec(cnn));
      try (Session s = new Session(g)) {
        s.run(tg.initializer());
        float[] images = new float[8 * 28 * 28];
        float[] labels = new float[8 * 10];
        for (int i = 0; i < 8; i++) labels[i * 10 + i % 10] = 1;
        for (int i = 0; i < images.length; i++) images[i] = (i % 17) / 17f;
        float first = 0, last = 0;
        for (int step = 0; step < 5; step++) {
          try (TFloat32 x = TFloat32.tensorOf(Shape.of(8, 28, 28, 1), DataBuffers.of(images));
              TFloat32 y = TFloat32.tensorOf(Shape.of(8, 10), DataBuffers.of(labels));
              TFloat32 lr = TFloat32.scalarOf(0.05f);
              var r =
                  s.runner()
                      .feed(tg.train().images(), x)
                      .feed(tg.train().labels(), y)
                      .feed(tg.learningRate(), lr)
                      .addTarget(tg.trainStep())
                      .fetch(tg.objective())
                      .run()) {
            float loss = ((TFloat32) r.get(0)).getFloat();
            if (step == 0) first = loss;
            last = loss;
          }
        }
        assertTrue(last < first, "loss should fall on a repeated batch: " + first + " -> " + last);
      }
    }
  }

  private static long parameters(BackboneProvider backbone) {
    try (Graph g = new Graph()) {
      return ModelAssembly.build(g, spec(backbone)).trainableParameters();
    }
  }

  private static ModelSpec spec(BackboneProvider backbone) {
    var ce = new CrossEntropyRegularizer();
    return ModelSpec.plain(
        new ImageShape(28, 28, 1),
        10,
        backbone,
        Options.withDefaults("model", backbone.options(), Map.of()),
        List.of(
            new WeightedRegularizer(
                "ce", ce, Options.withDefaults("ce", ce.options(), Map.of()), 1.0)),
        new SgdOptimizer(0.9, false, 5e-4),
        7);
  }
}
