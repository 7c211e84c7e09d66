package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.testkit.Prerequisites;

/**
 * A study on a real single-node Slurm (scripts/slurm-local.sh: Debian's slurm-wlm and munge,
 * daemons on loopback, every file under target/slurm-it, stopped by PID): 4 learning rates x 2
 * seeds of a small mlp on generated data, submitted through bin/nclab as job arrays plus a report
 * job. One training task is requeued mid-run with 'scontrol requeue', another is sent SIGUSR1 (the
 * time-limit warning) and requeues itself; both resume from their checkpoints, and every variant
 * ends with the weights of the same variant trained uninterrupted by the local executor, whose
 * report the Slurm study's equals (wall-clock columns aside). Then --status and --cancel on a
 * second submission, and the bad-input cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlurmIT {
  private static final List<String> WALL_CLOCK = List.of("train_seconds", "transfer_seconds");
  private static final String REQUEUED = "0.01_1";

  /** The first variant of the second array (the first holds 5 of the 8). */
  private static final String SIGNALLED = "0.05_2";

  private static final Path SCRATCH = Path.of("target", "slurm-it").toAbsolutePath();

  @TempDir static Path work;
  private Launcher nclab;
  private Map<String, String> environment;

  @BeforeAll
  void startSlurm() throws Exception {
    boolean installed =
        Files.isExecutable(Path.of("/usr/bin/sbatch"))
            && Files.isExecutable(Path.of("/usr/sbin/slurmctld"))
            && Files.isExecutable(Path.of("/usr/sbin/munged"));
    Prerequisites.require(
        installed, "Slurm is not installed (scripts/setup.sh installs slurm-wlm and munge)");
    // MaxArraySize 5 (indices 0-4): the 8 variants of a study need two arrays, as a big study on a
    // real cluster would.
    Run start =
        command(List.of(script(), "start", SCRATCH.toString()), Map.of("MAX_ARRAY_SIZE", "5"));
    Prerequisites.require(
        start.exit() == 0, "scripts/slurm-local.sh could not start Slurm: " + start.output());
    environment = Map.of("SLURM_CONF", SCRATCH.resolve("etc/slurm.conf").toString());
    nclab = Launcher.ofBuiltDistribution().withEnvironment(environment);
  }

  @AfterAll
  void stopSlurm() throws Exception {
    if (environment != null) {
      await("every nclab process of these tests to end", () -> noProcessNames(work));
      Run stop = command(List.of(script(), "stop", SCRATCH.toString()), Map.of());
      assertEquals(0, stop.exit(), stop.output());
    }
  }

  @Test
  void aStudyOnSlurm_survivesARequeue_andReportsWhatTheLocalExecutorReports() throws Exception {
    Path local = study(work.resolve("local"), "local", "slurm-study");
    Path cluster = study(work.resolve("cluster"), "slurm", "slurm-study");
    Process localStudy = nclab.start(local.getParent(), "study", local.toString());

    long submitted = System.nanoTime();
    Launcher.Outcome submit = nclab.run(cluster.getParent(), "study", cluster.toString());
    assertEquals(0, submit.exitCode(), submit.all());
    String array =
        find(
            submit.out(),
            "submitted job array (\\d+): 5 variant\\(s\\) of tasks-1.txt \\(--array=0-4%2\\)");
    String rest =
        find(
            submit.out(),
            "submitted job array (\\d+): 3 variant\\(s\\) of tasks-1.txt \\(--array=0-2%2\\)");
    String report = find(submit.out(), "report job (\\d+) \\(after " + array + ", " + rest + "\\)");
    assertTrue(
        submit.out().contains("follow with: nclab study " + cluster + " --status"), submit.out());
    assertTrue(
        Files.readString(folder(cluster).resolve("slurm/study.sbatch"))
            .contains("#SBATCH --signal=B:USR1@120"));

    // The first task, once it has checkpointed mid-training: 'scontrol requeue' (SIGTERM, as
    // preemption).
    Path run = folder(cluster).resolve("runs/" + REQUEUED);
    String task = array + "_0";
    await("a mid-run checkpoint of " + REQUEUED, () -> trainingPastACheckpoint(run));
    untilItStops(run, task, "scontrol", "requeue");
    startAgainWhenPending(task);
    // The second array's first task, likewise: SIGUSR1 to its batch shell, as Slurm sends before a
    // time limit.
    Path signalledRun = folder(cluster).resolve("runs/" + SIGNALLED);
    String signalledTask = rest + "_0";
    await("a mid-run checkpoint of " + SIGNALLED, () -> trainingPastACheckpoint(signalledRun));
    untilItStops(signalledRun, signalledTask, "scancel", "--signal=USR1", "--batch");
    startAgainWhenPending(signalledTask);

    await("the report job to end", () -> slurm("squeue", "-h", "-j", report).output().isBlank());
    double seconds = (System.nanoTime() - submitted) / 1e9;
    System.out.printf("SlurmIT: submission to report %.0f s (8 variants, two requeued)%n", seconds);

    Launcher.Outcome status =
        nclab.run(cluster.getParent(), "study", cluster.toString(), "--status");
    assertEquals(0, status.exitCode(), status.all());
    assertTrue(status.out().contains("8 variants: done: 8"), status.out());
    assertTrue(
        status.out().contains("ended; report " + folder(cluster).resolve("report.html")),
        status.out());
    String taskLog = Files.readString(folder(cluster).resolve("slurm/logs/" + task + ".log"));
    assertTrue(
        taskLog.contains("restart 0) runs variant " + REQUEUED)
            && taskLog.contains("DUE TO JOB REQUEUE")
            && taskLog.contains("restart 1) runs variant " + REQUEUED),
        taskLog);
    String trainLog = Files.readString(folder(cluster).resolve("logs/" + REQUEUED + "/train.log"));
    assertTrue(
        LauncherIT.INTERRUPTED.matcher(trainLog).find()
            && trainLog.contains("resuming the unfinished run in " + run + " from epoch-"),
        trainLog);
    String signalledLog =
        Files.readString(folder(cluster).resolve("slurm/logs/" + signalledTask + ".log"));
    assertTrue(
        signalledLog.contains("variant " + SIGNALLED + ": stopped by SIGUSR1")
            && signalledLog.contains("the time limit is near: checkpointed; requeueing job ")
            && signalledLog.contains("restart 1) runs variant " + SIGNALLED),
        signalledLog);
    String signalledTrainLog =
        Files.readString(folder(cluster).resolve("logs/" + SIGNALLED + "/train.log"));
    assertTrue(
        LauncherIT.INTERRUPTED.matcher(signalledTrainLog).find()
            && signalledTrainLog.contains(
                "resuming the unfinished run in " + signalledRun + " from epoch-"),
        signalledTrainLog);

    Launcher.Outcome localOutcome = nclab.collect(localStudy);
    assertEquals(0, localOutcome.exitCode(), localOutcome.all());
    for (String variant : variants()) {
      Path weights =
          Path.of("runs", variant, "checkpoints/epoch-0003/variables.data-00000-of-00001");
      assertTrue(
          Files.readString(folder(cluster).resolve("runs/" + variant + "/run.json"))
              .contains("\"finished\""));
      assertArrayEquals(
          Files.readAllBytes(folder(local).resolve(weights)),
          Files.readAllBytes(folder(cluster).resolve(weights)),
          variant + ": the weights differ from the local executor's");
    }
    assertEquals(
        withoutWallClock(folder(local).resolve("results.csv")),
        withoutWallClock(folder(cluster).resolve("results.csv")));
    assertEquals(
        jsonWithoutWallClock(folder(local).resolve("results.json")),
        jsonWithoutWallClock(folder(cluster).resolve("results.json")));

    // Submitting again reuses every finished variant: only a report job.
    Launcher.Outcome again = nclab.run(cluster.getParent(), "study", cluster.toString());
    assertEquals(0, again.exitCode(), again.all());
    assertTrue(
        again.out().contains("8 variant(s) done already, 0 queued before, 0 submitted"),
        again.out());
    assertTrue(!again.out().contains("submitted job array"), again.out());
    String reportAgain = find(again.out(), "report job (\\d+) \\(after nothing\\)");
    await(
        "the second report job to end",
        () -> slurm("squeue", "-h", "-j", reportAgain).output().isBlank());
  }

  @Test
  void trainOnSlurm_signalledNearItsTimeLimit_requeuesItself_andEndsWithTheUninterruptedWeights()
      throws Exception {
    Path dir = study(work.resolve("train"), "slurm", "unused").getParent();
    Launcher.Outcome straight = nclab.run(dir, "train", "base.toml", "--set", "run.name=straight");
    assertEquals(0, straight.exitCode(), straight.all());

    Launcher.Outcome submit =
        nclab.run(
            dir,
            "train",
            "base.toml",
            "--executor",
            "slurm",
            "--set",
            "run.name=queued",
            "--set",
            "executor.slurm.time=00:30:00",
            "--set",
            "executor.slurm.signal_seconds=60");
    assertEquals(0, submit.exitCode(), submit.all());
    String job = find(submit.out(), "submitted job (\\d+): nclab train base.toml \\(run queued\\)");
    Path script = dir.resolve("runs/slurm/queued.sbatch");
    assertTrue(
        Files.readString(script).contains("#SBATCH --signal=B:USR1@60"), Files.readString(script));
    Path run = dir.resolve("runs/queued");
    await("a mid-run checkpoint", () -> trainingPastACheckpoint(run));
    // What Slurm does signal_seconds before the time limit: SIGUSR1 to the batch shell only.
    untilItStops(run, job, "scancel", "--signal=USR1", "--batch");
    startAgainWhenPending(job);
    // Wait for the second attempt itself: between the requeue and its start the job can be briefly
    // absent from squeue, which alone would end the wait before the resume.
    Path logFile = dir.resolve("runs/slurm/queued-" + job + ".log");
    await(
        "the requeued job to resume",
        () -> Files.readString(logFile).contains("resuming the unfinished run"));
    await("the requeued job to end", () -> slurm("squeue", "-h", "-j", job).output().isBlank());

    String log = Files.readString(logFile);
    assertTrue(
        LauncherIT.INTERRUPTED.matcher(log).find()
            && log.contains("the time limit is near: checkpointed; requeueing job " + job)
            && log.contains("resuming the unfinished run in " + run + " from epoch-"),
        log);
    assertTrue(Files.readString(run.resolve("run.json")).contains("\"finished\""));
    Path weights = Path.of("checkpoints/epoch-0003/variables.data-00000-of-00001");
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("runs/straight").resolve(weights)),
        Files.readAllBytes(run.resolve(weights)),
        "the requeued run's weights differ from the uninterrupted run's");
  }

  @Test
  void statusAndCancel_ofASecondSubmission() throws Exception {
    Path second = study(work.resolve("second"), "slurm", "second-study");
    Launcher.Outcome submit = nclab.run(second.getParent(), "study", second.toString());
    assertEquals(0, submit.exitCode(), submit.all());
    Launcher.Outcome status = nclab.run(second.getParent(), "study", second.toString(), "--status");
    assertEquals(0, status.exitCode(), status.all());
    assertTrue(
        status.out().matches("(?s)study second-study: 8 variants: .*(pending|running).*"),
        status.out());
    assertTrue(
        status.out().contains("  0.1_2 ") && status.out().contains("report job "), status.out());

    Launcher.Outcome cancel = nclab.run(second.getParent(), "study", second.toString(), "--cancel");
    assertEquals(0, cancel.exitCode(), cancel.all());
    assertTrue(
        cancel
            .out()
            .matches("(?s)cancelled 3 job\\(s\\) of study second-study: \\d+, \\d+, \\d+\\s*"),
        cancel.out());
    await(
        "every job of the study to leave the queue",
        () -> slurm("squeue", "-h", "--name=nclab-second-study").output().isBlank());
    // A job leaves the queue when its batch shell ends; a task's JVM may still be writing its
    // interrupt checkpoint (seen once: the temporary folder could not be deleted after the class).
    await("the cancelled tasks' processes to end", () -> noProcessNames(second.getParent()));
    Launcher.Outcome after = nclab.run(second.getParent(), "study", second.toString(), "--status");
    assertTrue(after.out().contains("8 variants: failed: 8"), after.out());
    assertTrue(
        after
            .out()
            .contains(
                "ended without finishing the variant (cancelled, killed or out of time); log "
                    + folder(second).resolve("slurm/logs")),
        after.out());
  }

  @Test
  void describe_documentsEveryExecutorOption() throws Exception {
    Launcher.Outcome describe = nclab.run(work, "describe", "executor.slurm");
    assertEquals(0, describe.exitCode(), describe.all());
    for (String key :
        List.of(
            "partition",
            "account",
            "qos",
            "time",
            "cpus_per_task",
            "mem",
            "gpus_per_task",
            "max_parallel",
            "extra",
            "signal_seconds")) {
      assertTrue(describe.out().contains("\n  " + key + " "), key + " in:\n" + describe.out());
    }
  }

  @Test
  void sbatchRejection_isPassedThrough_exit2() throws Exception {
    Path bad = study(work.resolve("rejected"), "slurm", "rejected", "partition = \"nosuch\"\n");
    assertOneLineExit2(
        nclab.run(bad.getParent(), "study", bad.toString()),
        "error: sbatch refused the job: invalid partition specified: nosuch; Batch job submission"
            + " failed: Invalid partition name specified; fix [executor.slurm] (nclab describe"
            + " executor.slurm) or the cluster's limits");
  }

  @Test
  void sbatchMissing_saysWhatToInstall_exit2() throws Exception {
    Path bad = study(work.resolve("no-sbatch"), "slurm", "no-sbatch");
    // A PATH with what bin/nclab itself needs, and no Slurm.
    Path bin = Files.createDirectories(work.resolve("bin-without-slurm"));
    for (String tool : List.of("bash", "dirname", "readlink", "sed")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
    }
    Launcher withoutSlurm =
        nclab.withEnvironment(
            Map.of("PATH", bin.toString(), "JAVA_HOME", System.getProperty("java.home")));
    assertOneLineExit2(
        withoutSlurm.run(bad.getParent(), "study", bad.toString()),
        "error: cannot run sbatch: it is not installed or not on PATH ([study] executor ="
            + " \"slurm\"); run nclab on a Slurm login node, install Slurm's clients (Debian:"
            + " apt-get install slurm-client), or use the local executor");
  }

  @Test
  void anUnwritableStudyFolder_isOneLine_exit2() throws Exception {
    Path bad = study(work.resolve("unwritable"), "slurm", "unwritable");
    Path parent = bad.getParent().resolve("studies");
    Files.writeString(parent, "a file where the study folder's parent should be");
    Launcher.Outcome outcome = nclab.run(bad.getParent(), "study", bad.toString());
    assertEquals(2, outcome.exitCode(), outcome.all());
    String error = outcome.err().strip();
    assertTrue(
        error.lines().count() == 1
            && error.startsWith("error: cannot write the study folder: ")
            && error.endsWith(
                " (" + parent.resolve("unwritable") + "); set study.output to a writable folder"),
        error);
    assertEquals(
        "a file where the study folder's parent should be",
        Files.readString(parent),
        "nothing is lost");
  }

  private static void assertOneLineExit2(Launcher.Outcome outcome, String error) {
    assertEquals(2, outcome.exitCode(), outcome.all());
    assertEquals(error, outcome.err().strip());
  }

  // ---- the study

  private static List<String> variants() {
    List<String> names = new ArrayList<>();
    for (String rate : List.of("0.01", "0.02", "0.05", "0.1")) {
      for (String seed : List.of("1", "2")) {
        names.add(rate + "_" + seed);
      }
    }
    return names;
  }

  /**
   * A study of 4 learning rates x 2 seeds (run.seed as a grid axis) with its base config, in {@code
   * dir}.
   */
  private static Path study(Path dir, String executor, String name) throws IOException {
    return study(dir, executor, name, "");
  }

  private static Path study(Path dir, String executor, String name, String slurmOptions)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("base.toml"),
        """
        [run]
        seed = 1

        [dataset]
        id = "synthetic"
        num_classes = 4
        train_size = 16384
        test_size = 256
        height = 16
        width = 16

        [model]
        id = "mlp"
        hidden = [128, 64]

        [train]
        epochs = 3
        batch_size = 32
        learning_rate = 0.05

        [checkpoint]
        every_steps = 16
        keep = 100
        """);
    Path file = dir.resolve("study.toml");
    Files.writeString(
        file,
        """
        [study]
        name = "%s"
        executor = "%s"
        probe_max_per_class = 32
        bootstrap_resamples = 200

        [base]
        config = "base.toml"

        [[grid]]
        key = "train.learning_rate"
        values = [0.01, 0.02, 0.05, 0.1]

        [[grid]]
        key = "run.seed"
        values = [1, 2]

        [executor.slurm]
        max_parallel = 2
        cpus_per_task = 1
        time = "00:30:00"
        %s\
        """
            .formatted(name, executor, slurmOptions));
    return file;
  }

  private static Path folder(Path studyFile) {
    return studyFile.getParent().resolve("studies").resolve(studyName(studyFile));
  }

  private static String studyName(Path studyFile) {
    try {
      return find(Files.readString(studyFile), "name = \"([^\"]+)\"");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // ---- helpers

  private record Run(int exit, String output) {}

  private static String script() {
    return Launcher.repo().resolve("scripts/slurm-local.sh").toString();
  }

  private Run slurm(String... args) throws Exception {
    return command(List.of(args), environment);
  }

  private static Run command(List<String> command, Map<String, String> environment)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), String.join(" ", command));
    return new Run(process.exitValue(), output);
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls (squeue, the run folders) every 50 ms; gives up after 15 minutes. */
  private static void await(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what);
      Thread.sleep(50);
    }
  }

  /** No live process has {@code folder} on its command line (every task names its study file). */
  private static boolean noProcessNames(Path folder) {
    String path = folder.toString();
    return ProcessHandle.allProcesses()
        .noneMatch(p -> p.info().commandLine().map(line -> line.contains(path)).orElse(false));
  }

  /**
   * A requeued job waits about 2 minutes (Reason=BeginTime) unless told to start once it is
   * pending. Not within the second of the requeue: slurmd revoked the old instance's credential
   * then, and refuses a new one created in that same second ("Killing non-startable batch JobId=11:
   * Job credential revoked", seen here when StartTime=now followed the requeue at once), which ends
   * the job instead of restarting it.
   */
  private void startAgainWhenPending(String job) throws Exception {
    await(
        job + " to be pending again",
        () -> slurm("squeue", "-h", "-j", job, "-o", "%T").output().strip().equals("PENDING"));
    Thread.sleep(2_000);
    assertEquals(0, slurm("scontrol", "update", "JobId=" + job, "StartTime=now").exit());
  }

  /**
   * Runs a Slurm command aimed at {@code job} while {@code run} trains, and waits for its effect:
   * the run stops training, or the job stops running. Slurm's exit status is no proof either way.
   * It refuses a job in transition ("Job can not be altered now, try again later", exit 228 = 2020
   * mod 256); and 22.05's scancel reports that same refusal for a running array task while its
   * array still holds pending tasks, although it did signal the task (job_str_signal in
   * src/slurmctld/job_mgr.c adds the refusal meant for the pending tasks to the result; this failed
   * two fresh checks when the test trusted the exit status). So the command is repeated only when
   * nothing happened within two minutes of it.
   */
  private void untilItStops(Path run, String job, String... command) throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(command));
    args.add(job);
    for (int attempt = 1; ; attempt++) {
      Run last = slurm(args.toArray(String[]::new));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (System.nanoTime() < deadline) {
        if (!trainingPastACheckpoint(run) || leftRunning(job)) {
          return;
        }
        Thread.sleep(100);
      }
      assertTrue(
          attempt < 5,
          run
              + " still trains two minutes after each of "
              + attempt
              + " tries of "
              + String.join(" ", args)
              + "; the last said: "
              + last.output());
    }
  }

  /** Slurm names a state for {@code job} other than RUNNING (a blank answer proves nothing). */
  private boolean leftRunning(String job) throws Exception {
    String state = slurm("squeue", "-h", "-j", job, "-o", "%T").output().strip();
    return !state.isEmpty() && !state.equals("RUNNING");
  }

  private static boolean trainingPastACheckpoint(Path run) throws IOException {
    return Files.exists(run.resolve("checkpoints/latest"))
        && Files.readString(run.resolve("run.json")).contains("\"running\"");
  }

  private static String find(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertTrue(matcher.find(), "no '" + regex + "' in:\n" + text);
    return matcher.group(1);
  }

  /** results.csv without the columns of wall-clock time, which no two runs share. */
  private static List<String> withoutWallClock(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = Arrays.asList(lines.get(0).split(","));
    List<Integer> drop =
        WALL_CLOCK.stream()
            .map(header::indexOf)
            .filter(i -> i >= 0)
            .sorted((a, b) -> b - a)
            .toList();
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
      drop.forEach(i -> cells.remove((int) i));
      out.add(String.join(",", cells));
    }
    return out;
  }

  private static String jsonWithoutWallClock(Path json) throws IOException {
    return Files.readString(json)
        .replaceAll("\"(train|transfer)_seconds\" : [-0-9.eE]+", "\"$1_seconds\" : _");
  }
}
