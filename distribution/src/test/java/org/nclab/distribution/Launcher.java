package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs the unpacked distribution's {@code bin/nclab} as a user would, from a chosen directory. */
final class Launcher {
  private final Path home;
  private final Map<String, String> environment;

  Launcher(Path home) {
    this(home, Map.of());
  }

  private Launcher(Path home, Map<String, String> environment) {
    this.home = home;
    this.environment = environment;
  }

  /** The same launcher with these variables set (e.g. SLURM_CONF) in every process it starts. */
  Launcher withEnvironment(Map<String, String> variables) {
    Map<String, String> merged = new HashMap<>(environment);
    merged.putAll(variables);
    return new Launcher(home, Map.copyOf(merged));
  }

  /** The same installation, run with one more environment variable (NCLAB_JAVA_OPTS, say). */
  Launcher withEnvironment(String name, String value) {
    return withEnvironment(Map.of(name, value));
  }

  static Launcher ofBuiltDistribution() {
    Path home = Path.of(System.getProperty("nclab.distribution"));
    assertTrue(
        Files.isExecutable(home.resolve("bin/nclab")),
        "no launcher in " + home + "; run 'mvn package' first");
    return new Launcher(home);
  }

  static Path repo() {
    return Path.of(System.getProperty("nclab.repo")).toAbsolutePath().normalize();
  }

  Path home() {
    return home;
  }

  record Outcome(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  Outcome run(Path workingDir, String... args) throws IOException, InterruptedException {
    Process process = start(workingDir, args);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("nclab " + String.join(" ", args) + " did not finish in 10 minutes");
    }
    return collect(process);
  }

  Process start(Path workingDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/nclab").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
    builder.environment().putAll(environment);
    Path logs = Files.createTempDirectory("nclab-launcher");
    builder.redirectOutput(logs.resolve("out").toFile());
    builder.redirectError(logs.resolve("err").toFile());
    Process process = builder.start();
    outputs.put(process, logs);
    return process;
  }

  /** What a running process has printed so far. */
  String outputSoFar(Process process) throws IOException {
    return Files.readString(outputs.get(process).resolve("out"), StandardCharsets.UTF_8);
  }

  Outcome collect(Process process) throws IOException, InterruptedException {
    process.waitFor();
    Path logs = outputs.remove(process);
    return new Outcome(
        process.exitValue(),
        Files.readString(logs.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(logs.resolve("err"), StandardCharsets.UTF_8));
  }

  private final Map<Process, Path> outputs = new ConcurrentHashMap<>();
}
