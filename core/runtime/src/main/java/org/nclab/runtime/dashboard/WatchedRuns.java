package org.nclab.runtime.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.nclab.api.UserException;
import org.nclab.runtime.run.RunFolder;

/**
 * The runs a dashboard shows: one run folder, or a study folder whose sub-folders are runs. A run
 * folder is one with {@code metrics.jsonl} or {@code run.json}. A study is scanned again on every
 * request, so runs that start later appear.
 */
final class WatchedRuns {
  private final Path root;
  private final boolean single;
  private final ObjectMapper json;
  private final Map<Path, MetricsTail> tails = new ConcurrentHashMap<>();

  private WatchedRuns(Path root, boolean single, ObjectMapper json) {
    this.root = root;
    this.single = single;
    this.json = json;
  }

  /**
   * @throws UserException when {@code folder} is neither a run nor holds any
   */
  static WatchedRuns of(Path folder, ObjectMapper json) {
    Path root = folder.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw UserException.of(
          "no such folder",
          folder.toString(),
          "name a run folder (runs/quickstart) or a folder of runs (runs)");
    }
    if (isRun(root)) {
      return new WatchedRuns(root, true, json);
    }
    WatchedRuns study = new WatchedRuns(root, false, json);
    if (study.runs().isEmpty()) {
      throw UserException.of(
          "neither a run folder (no "
              + RunFolder.METRICS
              + " or "
              + RunFolder.RUN_INFO
              + ") nor a folder of runs",
          folder.toString(),
          "name a run folder such as runs/quickstart, or runs/");
    }
    return study;
  }

  static boolean isRun(Path folder) {
    return Files.isRegularFile(folder.resolve(RunFolder.METRICS))
        || Files.isRegularFile(folder.resolve(RunFolder.RUN_INFO));
  }

  /** What the page's title names: the run or study folder. */
  String title() {
    return root.getFileName() == null ? root.toString() : root.getFileName().toString();
  }

  /** The runs by id (their folder names), sorted. */
  Map<String, Path> runs() {
    Map<String, Path> runs = new LinkedHashMap<>();
    if (single) {
      runs.put(title(), root);
      return runs;
    }
    try (Stream<Path> children = Files.list(root)) {
      for (Path child :
          children.filter(Files::isDirectory).filter(WatchedRuns::isRun).sorted().toList()) {
        runs.put(child.getFileName().toString(), child);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return runs;
  }

  MetricsTail tail(Path run) {
    return tails.computeIfAbsent(run, r -> new MetricsTail(r.resolve(RunFolder.METRICS), json));
  }

  List<String> ids() {
    return List.copyOf(runs().keySet());
  }
}
