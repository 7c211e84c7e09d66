package org.nclab.runtime.transfer;

import org.nclab.api.data.Dataset;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.train.Trainer;

/**
 * The pre-trained backbone's features of the whole downstream dataset, extracted once in evaluation
 * mode; few-shot probes take their rows from {@link #train}.
 *
 * @param totalParameters weights of the downstream model (backbone and new classifier)
 */
record FrozenFeatures(FeatureMatrix train, FeatureMatrix test, long totalParameters) {

  static FrozenFeatures extract(TransferModel model, Dataset data, int batchSize) {
    var pass = model.model().eval();
    return new FrozenFeatures(
        FeatureExtraction.extract(
            model.session(),
            pass,
            ForwardPass.FEATURES,
            data.split(Trainer.TRAIN_SPLIT),
            data.shape(),
            batchSize),
        FeatureExtraction.extract(
            model.session(),
            pass,
            ForwardPass.FEATURES,
            data.split(Trainer.TEST_SPLIT),
            data.shape(),
            batchSize),
        model.model().trainableParameters());
  }
}
