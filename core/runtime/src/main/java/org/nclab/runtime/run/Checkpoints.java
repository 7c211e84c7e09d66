package org.nclab.runtime.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.nclab.api.UserException;
import org.nclab.runtime.io.AtomicFiles;
import org.nclab.runtime.train.ResumePoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Session;

/**
 * Checkpoints of one run, under {@code RUN/checkpoints/}: one folder per checkpoint ({@code
 * epoch-0003/}) holding TensorFlow's variable files ({@code variables.*}) and {@code
 * checkpoint.json} (epoch, step, metrics).
 *
 * <p>A checkpoint is written into a temporary folder and renamed into place only when complete,
 * then {@code latest} is rewritten atomically to name it. Killing the process at any moment leaves
 * the previous checkpoint intact and {@code latest} pointing at a complete one.
 */
public final class Checkpoints {
  public static final String VARIABLES_PREFIX = "variables";
  private static final String LATEST = "latest";
  private static final String METADATA = "checkpoint.json";

  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  private final Path root;
  private final int keep;
  private final ObjectMapper json = new ObjectMapper();

  public Checkpoints(Path runFolder, int keep) {
    this.root = runFolder.resolve("checkpoints");
    this.keep = keep;
  }

  /**
   * What a checkpoint says about itself.
   *
   * @param epoch complete epochs at the checkpoint
   * @param step training steps at the checkpoint
   * @param resume where training continues from it
   * @param metrics the last complete epoch's metrics (epoch-end checkpoints), else empty
   */
  public record Metadata(int epoch, long step, ResumePoint resume, Map<String, Double> metrics) {}

  /**
   * Saves every variable of the session's graph, as {@code epoch-NNNN} at an epoch end or {@code
   * epoch-NNNN-step-SSSSSSSSSS} inside epoch NNNN+1; names sort in training order.
   */
  public Path save(Session session, Metadata metadata) {
    boolean epochEnd = metadata.resume().batchInEpoch() == 0;
    String name =
        epochEnd
            ? String.format("epoch-%04d", metadata.epoch())
            : String.format("epoch-%04d-step-%010d", metadata.epoch(), metadata.step());
    Path finalFolder = root.resolve(name);
    Path temp = root.resolve("." + name + ".partial");
    try {
      deleteTree(temp);
      Files.createDirectories(temp);
      session.save(temp.resolve(VARIABLES_PREFIX).toString());
      AtomicFiles.write(
          temp.resolve(METADATA),
          json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
      // TensorFlow writes its files without forcing them to disk; force them before the rename
      // makes the folder a checkpoint, so a power loss cannot leave a named but empty one.
      AtomicFiles.forceAll(temp);
      // Replacing a checkpoint of the same name: move the old one aside first, so that at every
      // moment a complete folder of this name or the old one exists and 'latest' is never dangling.
      Path previous = root.resolve("." + name + ".previous");
      deleteTree(previous);
      if (Files.exists(finalFolder)) {
        AtomicFiles.move(finalFolder, previous);
      }
      AtomicFiles.move(temp, finalFolder);
      AtomicFiles.writeString(root.resolve(LATEST), name + "\n");
      deleteTree(previous);
      pruneKeeping(finalFolder);
      return finalFolder;
    } catch (IOException | RuntimeException e) {
      // Disk full, a folder made read-only, a file system gone: the user's to fix. Nothing written
      // before is touched: 'latest' still names the previous complete checkpoint.
      try {
        deleteTree(temp);
      } catch (IOException cleanupFailed) {
        e.addSuppressed(cleanupFailed);
      }
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
      throw UserException.of(
          "cannot write checkpoint " + name + " (" + reason + ")",
          root.toString(),
          "free disk space or make the folder writable, then run the same command again to resume"
              + " from "
              + latest().map(p -> p.getFileName().toString()).orElse("the start"));
    }
  }

  /** The checkpoint {@code latest} names, if any. */
  public Optional<Path> latest() {
    Path pointer = root.resolve(LATEST);
    if (!Files.isRegularFile(pointer)) {
      return Optional.empty();
    }
    try {
      Path folder = root.resolve(Files.readString(pointer).trim());
      return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The named checkpoint folder, or the latest when {@code name} is null; a user-facing error
   * listing the checkpoints there are when it does not exist.
   */
  public Path resolve(String name) {
    List<String> names = list().stream().map(p -> p.getFileName().toString()).toList();
    if (name == null) {
      return latest()
          .orElseThrow(
              () ->
                  UserException.of(
                      "the run has no complete checkpoint yet",
                      root.toString(),
                      "train at least one epoch (checkpoint.every_epochs) first"));
    }
    Path folder = root.resolve(name);
    if (!names.contains(name)) {
      throw UserException.of(
          "no checkpoint '" + name + "'", root.toString(), "choose one of " + names);
    }
    return folder;
  }

  /** Restores the session's variables from a checkpoint folder and returns its metadata. */
  public Metadata restore(Session session, Path checkpoint) {
    if (!Files.isRegularFile(checkpoint.resolve(METADATA))) {
      throw UserException.of(
          "not a complete checkpoint (no " + METADATA + ")",
          checkpoint.toString(),
          "pick one of " + list().stream().map(p -> p.getFileName().toString()).toList());
    }
    Metadata metadata = readMetadata(checkpoint);
    try {
      session.restore(checkpoint.resolve(VARIABLES_PREFIX).toString());
    } catch (RuntimeException e) {
      throw UserException.of(
          "cannot restore the checkpoint's variables: "
              + e.getMessage().lines().findFirst().orElse(""),
          checkpoint.toString(),
          "it was written by a different model or is damaged; use an earlier checkpoint or"
              + " retrain");
    }
    return metadata;
  }

  public Metadata readMetadata(Path checkpoint) {
    try {
      return json.readValue(checkpoint.resolve(METADATA).toFile(), Metadata.class);
    } catch (IOException e) {
      throw UserException.of(
          "unreadable checkpoint metadata: " + e.getMessage(),
          checkpoint.resolve(METADATA).toString(),
          "use an earlier checkpoint");
    }
  }

  /** Completed checkpoints, oldest first. */
  public List<Path> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("epoch-"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes the oldest checkpoints beyond {@code keep}, never {@code justWritten} (after resuming
   * from an older checkpoint, unreadable newer ones may sort after it). A failure here costs disk
   * space, not the checkpoint: it is reported on standard error and training goes on.
   */
  private void pruneKeeping(Path justWritten) {
    List<Path> all = new ArrayList<>(list());
    all.remove(justWritten);
    try {
      while (all.size() > keep - 1) {
        deleteTree(all.remove(0));
      }
    } catch (IOException e) {
      LOG.warn("could not delete an old checkpoint in {}: {}", root, e.getMessage());
    }
  }

  public static void deleteTree(Path path) throws IOException {
    if (Files.exists(path)) {
      MoreFiles.deleteRecursively(path, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
