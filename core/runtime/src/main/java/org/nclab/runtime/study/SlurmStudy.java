package org.nclab.runtime.study;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nclab.api.UserException;
import org.nclab.runtime.slurm.BatchScript;
import org.nclab.runtime.slurm.SlurmClient;
import org.nclab.runtime.slurm.SlurmSettings;

/**
 * A study on a Slurm cluster: one job array with a task per variant, each task running that
 * variant's whole pipeline ({@code nclab study STUDY --variant NAME}, which is {@link StudyRunner}
 * for one variant), and one job that waits for the array and writes the report ({@code nclab study
 * STUDY --report-only}).
 *
 * <p>Everything lives in {@code STUDY/slurm/}: {@code study.sbatch} (the array's script), {@code
 * report.sbatch}, {@code tasks-N.txt} (submission N's variants, one a line: array index i runs line
 * i + offset + 1), {@code jobs.tsv} (every job submitted), {@code state/VARIANT.txt} (written by a
 * task when its variant ended: done, or failed and why) and {@code logs/}. State that must outlast
 * Slurm's memory of finished jobs ({@code MinJobAge}) is in these files and the run folders; {@code
 * squeue} only says what is queued or running now.
 */
public final class SlurmStudy {
  static final String DONE = "done";
  static final String FAILED = "failed";

  private final StudySpec spec;
  private final SlurmSettings settings;
  private final SlurmClient slurm;
  private final Path folder;

  public SlurmStudy(StudySpec spec, SlurmClient slurm) {
    this.spec = spec;
    this.settings = spec.execution().slurm();
    this.slurm = slurm;
    this.folder = spec.folder().resolve("slurm");
  }

  /** The name of every job of this study, for squeue and scancel. */
  String jobName() {
    return "nclab-" + spec.name();
  }

  /**
   * Submits the variants not done and not already queued, and the report job after them.
   *
   * @param nclab the command that starts nclab on a node (bin/nclab of this distribution)
   * @param globalArgs options every nclab command gets ({@code --plugins DIR})
   * @param workingDirectory where the jobs run, so relative paths mean what they mean here
   */
  public void submit(
      List<String> nclab, List<String> globalArgs, Path workingDirectory, PrintStream out) {
    slurm.version(); // before anything is written: is this a machine that can submit?
    Map<String, String> queued = queuedVariants();
    List<String> todo = new ArrayList<>();
    int done = 0;
    for (StudySpec.Variant variant : spec.variants()) {
      if (state(variant.name()).filter(s -> s.startsWith(DONE)).isPresent()) {
        done++;
      } else if (!queued.containsKey(variant.name())) {
        todo.add(variant.name());
      }
    }
    List<String> command = new ArrayList<>(nclab);
    command.addAll(List.of("study", spec.file().toAbsolutePath().toString()));
    Path script = folder.resolve("study.sbatch");
    List<String> options = new ArrayList<>(List.of("--job-name=" + jobName()));
    options.addAll(settings.sbatchOptions());
    List<String> task = new ArrayList<>(command);
    task.add("--variant");
    BatchScript.write(
        script,
        "Written by 'nclab study "
            + spec.file()
            + "' for Slurm: array task I runs the variant on line\n"
            + "I + OFFSET + 1 of TASKS (sbatch --array=... study.sbatch TASKS OFFSET). Rewritten at"
            + " every submission.",
        options,
        workingDirectory,
        List.of(
            "tasks=$1",
            "line=$((SLURM_ARRAY_TASK_ID + ${2:-0} + 1))",
            "variant=$(sed -n \"${line}p\" \"$tasks\")",
            "if [ -z \"$variant\" ]; then echo \"error: $tasks has no line $line\" >&2; exit 2; fi",
            "echo \"nclab: job $SLURM_JOB_ID (task ${SLURM_ARRAY_JOB_ID}_$SLURM_ARRAY_TASK_ID,"
                + " restart ${SLURM_RESTART_COUNT:-0}) runs variant $variant\"",
            BatchScript.setCommand(task) + " \"$variant\"" + words(globalArgs)));
    createLogFolder(); // Slurm does not create it: a job whose output file cannot be opened fails
    // at once
    List<String> arrays = new ArrayList<>();
    if (!todo.isEmpty()) {
      int submission = submissions() + 1;
      Path tasks = folder.resolve("tasks-" + submission + ".txt");
      write(tasks, String.join("\n", todo) + "\n", false);
      for (String variant : todo) {
        deleteState(variant); // it runs again: an old "failed" no longer says anything
      }
      int chunk = Math.max(1, slurm.maxArraySize());
      for (int offset = 0; offset < todo.size(); offset += chunk) {
        int count = Math.min(chunk, todo.size() - offset);
        String array =
            "0-" + (count - 1) + (settings.maxParallel() > 0 ? "%" + settings.maxParallel() : "");
        String id =
            slurm.sbatch(
                List.of("--array=" + array, "--output=" + folder.resolve("logs/%A_%a.log")),
                script.toString(),
                List.of(tasks.toString(), String.valueOf(offset)));
        write(
            folder.resolve("jobs.tsv"),
            "array\t" + id + "\t" + tasks.getFileName() + "\t" + offset + "\t" + count + "\n",
            true);
        arrays.add(id);
        out.printf(
            "submitted job array %s: %d variant(s) of %s (--array=%s)%n",
            id, count, tasks.getFileName(), array);
      }
    }
    Path report = folder.resolve("report.sbatch");
    List<String> reportOptions = new ArrayList<>(List.of("--job-name=" + jobName()));
    reportOptions.addAll(
        settings.sbatchOptions().stream().filter(o -> !o.startsWith("--gres=")).toList());
    List<String> reportCommand = new ArrayList<>(command);
    reportCommand.add("--report-only");
    reportCommand.addAll(globalArgs);
    BatchScript.write(
        report,
        "Written by 'nclab study " + spec.file() + "': results, plots and report.html.",
        reportOptions,
        workingDirectory,
        List.of(BatchScript.setCommand(reportCommand)));
    List<String> after = new ArrayList<>(arrays);
    after.addAll(queuedArrays(queued));
    List<String> reportSubmit =
        new ArrayList<>(List.of("--output=" + folder.resolve("logs/report-%j.log")));
    if (!after.isEmpty()) {
      reportSubmit.add("--dependency=afterany:" + String.join(":", after));
    }
    String reportId = slurm.sbatch(reportSubmit, report.toString(), List.of());
    write(folder.resolve("jobs.tsv"), "report\t" + reportId + "\n", true);
    out.printf(
        "%d variant(s) done already, %d queued before, %d submitted; report job %s (after %s)%n",
        done,
        queued.size(),
        todo.size(),
        reportId,
        after.isEmpty() ? "nothing" : String.join(", ", after));
    out.printf(
        "follow with: nclab study %s --status   (or squeue --name=%s); cancel with --cancel%n",
        spec.file(), jobName());
  }

  /**
   * Prints each variant's state: done, running, pending, failed (last error line, log), or not
   * submitted.
   */
  public int status(PrintStream out) {
    Map<String, String> tasks = taskIds();
    Map<String, String> queue = slurm.queue(jobName());
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    for (StudySpec.Variant variant : spec.variants()) {
      String name = variant.name();
      String id = tasks.get(name);
      String slurmState = id == null ? null : queue.get(id);
      Optional<String> state = state(name);
      String word;
      String detail;
      if (slurmState != null) {
        word = running(slurmState) ? "running" : "pending";
        detail =
            "job " + id + " " + slurmState + (running(slurmState) ? ", log " + taskLog(id) : "");
      } else if (state.filter(s -> s.startsWith(DONE)).isPresent()) {
        word = DONE;
        detail = "";
      } else if (state.isPresent()) {
        word = FAILED;
        detail = state.get().lines().skip(1).findFirst().orElse("");
      } else if (id != null) {
        word = FAILED;
        detail =
            "job "
                + id
                + " ended without finishing the variant (cancelled, killed or out of time); log "
                + taskLog(id);
      } else {
        word = "not submitted";
        detail = "";
      }
      counts.merge(word, 1, Integer::sum);
      lines.add(String.format("  %-24s %-8s %s", name, word, detail).stripTrailing());
    }
    out.printf(
        "study %s: %d variants: %s%n",
        spec.name(),
        spec.variants().size(),
        counts.toString().replaceAll("[{}]", "").replace("=", ": "));
    lines.forEach(out::println);
    reportJob()
        .ifPresent(
            id ->
                out.printf(
                    "report job %s: %s%n",
                    id,
                    queue.containsKey(id)
                        ? queue.get(id)
                        : Files.exists(spec.folder().resolve(StudyReport.HTML))
                            ? "ended; report " + spec.folder().resolve(StudyReport.HTML)
                            : "ended without a report; log "
                                + folder.resolve("logs/report-" + id + ".log")));
    return 0;
  }

  /** Cancels every queued or running job of this study. */
  public int cancel(PrintStream out) {
    List<String> ids = new ArrayList<>();
    for (String line : jobLines()) {
      String[] cells = line.split("\t");
      ids.add(cells[1]);
    }
    Map<String, String> queue = slurm.queue(jobName());
    List<String> live =
        ids.stream()
            .filter(
                id -> queue.keySet().stream().anyMatch(q -> q.equals(id) || q.startsWith(id + "_")))
            .toList();
    slurm.cancel(live);
    out.printf(
        "cancelled %d job(s) of study %s%s%n",
        live.size(),
        spec.name(),
        live.isEmpty() ? " (none was queued or running)" : ": " + String.join(", ", live));
    return 0;
  }

  /**
   * What a task writes when its variant ended: {@code done}, or {@code failed} and a line saying
   * which step failed, its last error line and its log.
   */
  public void recordOutcome(String variant, List<StepRecord> records) {
    Optional<StepRecord> failure = records.stream().filter(StepRecord::failed).findFirst();
    String text =
        failure.map(f -> FAILED + "\n" + f.step() + ": " + f.message() + "\n").orElse(DONE + "\n");
    Path file = stateFile(variant);
    write(file.resolveSibling(file.getFileName() + ".tmp"), text, false);
    try {
      Files.move(
          file.resolveSibling(file.getFileName() + ".tmp"),
          file,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserException("cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Forgets how a variant ended, when it starts (again). */
  public void deleteState(String variant) {
    try {
      Files.deleteIfExists(stateFile(variant));
    } catch (IOException e) {
      throw new UserException("cannot delete " + stateFile(variant) + ": " + e.getMessage());
    }
  }

  private static boolean running(String slurmState) {
    return List.of("RUNNING", "COMPLETING", "CONFIGURING", "STAGE_OUT").contains(slurmState);
  }

  private Path taskLog(String id) {
    String[] parts = id.split("_");
    return folder.resolve("logs/" + parts[0] + "_" + (parts.length > 1 ? parts[1] : "0") + ".log");
  }

  private Path stateFile(String variant) {
    return folder.resolve("state").resolve(variant + ".txt");
  }

  private Optional<String> state(String variant) {
    try {
      return Files.exists(stateFile(variant))
          ? Optional.of(Files.readString(stateFile(variant)))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Variant to its newest submission's array task id ({@code 123_4}). */
  private Map<String, String> taskIds() {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String line : jobLines()) {
      String[] cells = line.split("\t");
      if (!cells[0].equals("array")) {
        continue;
      }
      int offset = Integer.parseInt(cells[3]);
      int count = Integer.parseInt(cells[4]);
      List<String> variants = readLines(folder.resolve(cells[2]));
      for (int i = 0; i < count && offset + i < variants.size(); i++) {
        ids.put(variants.get(offset + i), cells[1] + "_" + i);
      }
    }
    return ids;
  }

  /** Variants whose task is queued or running now, to the task's id. */
  private Map<String, String> queuedVariants() {
    Map<String, String> queue = jobLines().isEmpty() ? Map.of() : slurm.queue(jobName());
    Map<String, String> queued = new LinkedHashMap<>();
    taskIds()
        .forEach(
            (variant, id) -> {
              if (queue.containsKey(id)) {
                queued.put(variant, id);
              }
            });
    return queued;
  }

  private static List<String> queuedArrays(Map<String, String> queued) {
    return queued.values().stream().map(id -> id.split("_")[0]).distinct().toList();
  }

  private Optional<String> reportJob() {
    return jobLines().stream()
        .filter(l -> l.startsWith("report\t"))
        .reduce((a, b) -> b)
        .map(l -> l.split("\t")[1]);
  }

  private int submissions() {
    return (int)
        jobLines().stream()
            .filter(l -> l.startsWith("array\t"))
            .map(l -> l.split("\t")[2])
            .distinct()
            .count();
  }

  private List<String> jobLines() {
    return readLines(folder.resolve("jobs.tsv"));
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.exists(file)
          ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList()
          : List.of();
    } catch (IOException e) {
      throw new UserException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static void write(Path file, String text, boolean append) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw UserException.of(
          "cannot write " + file.getFileName() + ": " + e.getMessage(),
          file.getParent().toString(),
          "the study folder must be writable (and on storage every node sees)");
    }
  }

  private void createLogFolder() {
    try {
      Files.createDirectories(folder.resolve("logs"));
    } catch (IOException e) {
      throw UserException.of(
          "cannot create the study's Slurm log folder: " + e.getMessage(),
          folder.toString(),
          "the study folder must be writable (and on storage every node sees)");
    }
  }

  private static String words(List<String> words) {
    StringBuilder text = new StringBuilder();
    words.forEach(w -> text.append(' ').append(BatchScript.quote(w)));
    return text.toString();
  }
}
