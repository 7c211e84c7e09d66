package org.nclab.runtime.transfer;

import java.nio.file.Path;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.run.RunInfo;
import org.nclab.runtime.run.RunInfoFile;

/**
 * The pre-trained run a transfer starts from: its folder, the checkpoint chosen, and what its
 * run.json says about the data it was trained on.
 *
 * @param checkpoint the checkpoint folder, e.g. {@code runs/quickstart/checkpoints/epoch-0006}
 */
public record SourceRun(Path folder, Path checkpoint, RunInfo info) {

  /**
   * @param checkpointName a checkpoint folder name, or empty for the latest
   * @param downstream the data to transfer to: its images must have the shape the backbone was
   *     trained on (the class count may differ: the classifier is new)
   */
  public static SourceRun open(Path folder, String checkpointName, Dataset downstream) {
    RunFolder run = RunFolder.existing(folder);
    Path checkpoint =
        new Checkpoints(run.path(), Integer.MAX_VALUE)
            .resolve(checkpointName.isEmpty() ? null : checkpointName);
    RunInfo info = new RunInfoFile(run.runInfo()).read();
    String imageShape = info.data().imageShape();
    if (imageShape != null && !imageShape.equals(downstream.shape().toString())) {
      throw UserException.of(
          "the downstream images are "
              + downstream.shape()
              + " but the backbone was trained on "
              + imageShape,
          folder.toString(),
          "give the downstream [dataset] the pre-training image size and channels");
    }
    return new SourceRun(run.path(), checkpoint, info);
  }
}
