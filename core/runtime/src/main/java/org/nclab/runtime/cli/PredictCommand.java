package org.nclab.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nclab.api.UserException;
import org.nclab.runtime.export.LoadedModel;
import org.nclab.runtime.export.PredictInputs;
import org.nclab.runtime.export.PredictionLines;
import org.nclab.runtime.export.Predictor;
import org.nclab.runtime.plugins.PluginHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Classifies images with an export or a run's checkpoint: one line per image (docs/export.md). */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    versionProvider = NclabCommand.Version.class,
    description = "Classify PNG/JPEG images, folders of them or IDX files with an export or a run.")
final class PredictCommand implements Callable<Integer> {
  /** Inputs at least this large get a progress bar on a terminal. */
  private static final int PROGRESS_FROM = 1000;

  @ParentCommand NclabCommand top;

  @Parameters(
      index = "0",
      paramLabel = "EXPORT_OR_RUN",
      description = "folder written by 'nclab export' or 'nclab train'")
  Path model;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "INPUT",
      description = "PNG/JPEG files, folders, IDX image files")
  List<Path> inputs;

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "1",
      description = "classes per image (default ${DEFAULT-VALUE})")
  int topK;

  @Option(
      names = "--format",
      defaultValue = "csv",
      description = "csv or jsonl (default ${DEFAULT-VALUE})")
  String format;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "256",
      description = "images per batch (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--labels",
      paramLabel = "IDX1",
      description = "IDX label file of the inputs: adds a label column and prints the accuracy")
  Path labelsFile;

  @Option(
      names = "--checkpoint",
      paramLabel = "NAME",
      description = "checkpoint of a run folder (default: latest of a finished run)")
  String checkpoint;

  @Override
  public Integer call() {
    if (!format.equals("csv") && !format.equals("jsonl")) {
      throw UserException.of("unknown format '" + format + "'", "--format", "use csv or jsonl");
    }
    if (topK < 1 || batchSize < 1) {
      throw UserException.of(
          "--top and --batch-size must be at least 1",
          "--top " + topK + " --batch-size " + batchSize,
          "pass positive numbers");
    }
    PluginHost[] host = {null};
    try (LoadedModel loaded =
        LoadedModel.open(model, checkpoint, () -> host[0] = top.startPlugins())) {
      Predictor.requireImageInput(loaded);
      PredictInputs images =
          PredictInputs.collect(inputs, loaded.shape(), loaded.preparation().resizer());
      int[] labels = labelsFile == null ? null : PredictInputs.readIdxLabels(labelsFile);
      if (labels != null && labels.length != images.size()) {
        throw UserException.of(
            labels.length + " labels for " + images.size() + " images",
            labelsFile.toString(),
            "pass the labels of exactly these images");
      }
      PredictionLines lines =
          new PredictionLines(top.out, format, topK, loaded.classes(), labels != null);
      lines.header();
      int[] correct = {0};
      long started = System.nanoTime();
      try (ProgressBar bar =
          images.size() >= PROGRESS_FROM && onTerminal() ? progressBar(images.size()) : null) {
        new Predictor(loaded, batchSize)
            .run(
                images,
                (index, probabilities) -> {
                  int label = labels == null ? -1 : labels[index];
                  if (lines.write(images.name(index), probabilities, label) == label) {
                    correct[0]++;
                  }
                },
                done -> {
                  if (bar != null) {
                    bar.stepTo(done);
                  }
                });
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      top.out.flush();
      top.err.printf(
          "%d images in %.2f s (%.0f images/s)%n", images.size(), seconds, images.size() / seconds);
      if (labels != null) {
        top.err.printf(
            "accuracy %.4f (%d of %d)%n",
            correct[0] / (double) images.size(), correct[0], images.size());
      }
      return 0;
    } finally {
      if (host[0] != null) {
        host[0].close();
      }
    }
  }

  /**
   * The bar goes to standard error, which is usually still a terminal when the predictions are
   * redirected to a file; System.console() alone says no then. bin/nclab may move Java's standard
   * error to another descriptor (system property nclab.stderr.fd); that one is asked.
   */
  private static boolean onTerminal() {
    if (System.console() != null) {
      return true;
    }
    try {
      Path stderr = Path.of("/proc/self/fd", System.getProperty("nclab.stderr.fd", "2"));
      String target = Files.readSymbolicLink(stderr).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
      return false;
    }
  }

  private static ProgressBar progressBar(int total) {
    return new ProgressBarBuilder()
        .setTaskName("predict")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .continuousUpdate()
        .build();
  }
}
