package org.nclab.runtime.transfer;

import com.google.common.base.Ticker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.graph.TrainingGraphs;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.train.ResumePoint;
import org.nclab.runtime.train.TinyData;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainerTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * The source of the transfer tests: {@link TrainerTestSupport}'s tiny cnn (block1: 8 channels,
 * block2: 16, 12x12x1 images) pre-trained on 4 classes of {@link TinyData} and checkpointed.
 *
 * @param checkpoint the checkpoint folder
 * @param variables every variable's value as saved, by name
 */
record TinyPretrainedRun(Path checkpoint, Map<String, float[]> variables) {
  static final ImageShape SHAPE = new ImageShape(12, 12, 1);

  /** Downstream: 3 other classes, 96 training and 30 test images. */
  static Dataset downstream() {
    return TinyData.dataset(3, 96, 30, SHAPE, 99);
  }

  static TinyPretrainedRun train(Path folder, TrainSettings settings) {
    try (Graph graph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, TrainerTestSupport.spec(settings));
      try (Session session = new Session(graph)) {
        session.run(model.initializer());
        new Trainer(
                model,
                session,
                TinyData.dataset(4, 128, 32, SHAPE, 1),
                settings,
                42,
                List.of(),
                Ticker.systemTicker())
            .fit();
        Path checkpoint =
            new Checkpoints(folder, 3)
                .save(session, new Checkpoints.Metadata(2, 8, ResumePoint.start(), Map.of()));
        return new TinyPretrainedRun(checkpoint, TrainingGraphs.snapshot(session, model));
      }
    }
  }
}
