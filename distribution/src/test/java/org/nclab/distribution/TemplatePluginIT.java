package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party author with nothing but the unpacked distribution: the commands of
 * docs/writing-plugins.md's build block, run word for word (only the distribution's path
 * substituted) by a user whose home holds no {@code ~/.m2}, with an empty local Maven repository
 * and Maven Central as the only remote. The template copied from the distribution's {@code
 * template/} builds against its {@code sdk/repository} (nclab-api and nclab-api-testkit), runs its
 * own tests (loss value against a closed form, gradient against central differences), is verified
 * and installed; then a short training uses its loss term beside cross-entropy.
 *
 * <p>It downloads what an author's first build downloads from Maven Central (TensorFlow's native
 * library for the template's tests is most of it), so it needs that registry, as an author does.
 */
class TemplatePluginIT {
  private static final String DOC_DISTRIBUTION = "/opt/nclab-0.1.0";
  private static final String MARKER = "<!-- TemplatePluginIT runs this block -->";
  private static final String JAR = "nclab-ring-loss-1.0.0.jar";

  @TempDir Path work;

  @Test
  void theTemplateBuiltFromTheDistributionAloneIsVerifiedInstalledAndTrainsWithItsLossTerm()
      throws Exception {
    Launcher built = Launcher.ofBuiltDistribution();
    Launcher nclab = Installation.copyOf(built, work.resolve("nclab-0.1.0"));
    for (String folder : List.of("template", "sdk")) {
      Installation.copyTree(
          built.home().resolve(folder), nclab.home().resolve(folder), path -> true);
    }
    Path home = Files.createDirectories(work.resolve("home"));
    Path repository = work.resolve("empty-local-repository");
    String commands = guideCommands().replace(DOC_DISTRIBUTION, nclab.home().toString());

    long started = System.nanoTime();
    String log = runAsAuthor(commands, home, repository, nclab);
    System.out.println(
        "TemplatePluginIT: the guide's build block (mvn package included) took "
            + Duration.ofNanos(System.nanoTime() - started).toSeconds()
            + " s");

    Path project = home.resolve("src/ring-loss");
    assertTrue(Files.isRegularFile(project.resolve("target").resolve(JAR)), "no jar:\n" + log);
    assertTemplateTestsPassed(project.resolve("target/surefire-reports"), log);
    assertSdkCameFromTheDistribution(repository);
    for (String check : List.of("jar", "extensions", "options", "installed")) {
      assertTrue(log.contains(String.format("  %-11s OK: ", check)), check + ":\n" + log);
    }
    assertTrue(log.contains("verdict: OK, ring-loss 1.0.0 can be installed"), log);
    assertTrue(
        Files.isRegularFile(nclab.home().resolve("plugins").resolve(JAR)),
        "not installed:\n" + log);

    var plugins = nclab.run(work, "plugins");
    assertEquals("", plugins.err(), "no plugin refused");
    assertTrue(plugins.out().contains("ring-loss 1.0.0"), plugins.out());
    JsonNode epoch = trainOneEpoch(nclab);
    assertTrue(epoch.has("loss/cross-entropy"), epoch.toString());
    double ringLoss = epoch.path("loss/ring-loss").asDouble(Double.NaN);
    assertTrue(ringLoss > 0 && Double.isFinite(ringLoss), "loss/ring-loss in " + epoch);
  }

  /** The bash block that follows {@link #MARKER} in docs/writing-plugins.md. */
  private static String guideCommands() throws IOException {
    String guide =
        Files.readString(
            Launcher.repo().resolve("docs/writing-plugins.md"), StandardCharsets.UTF_8);
    int marker = guide.indexOf(MARKER);
    assertTrue(marker >= 0, "docs/writing-plugins.md lost its marked build block");
    Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(guide);
    assertTrue(block.find(marker), "no bash block after the marker");
    String commands = block.group(1);
    assertTrue(commands.contains(DOC_DISTRIBUTION + "/sdk/repository"), commands);
    return commands;
  }

  /**
   * Runs the commands in bash as a fresh user: HOME is a new folder (no settings, no cache), the
   * local repository is a new empty folder, and nothing of the surrounding Maven leaks in; the
   * distribution's {@code bin} and this Maven are on the PATH.
   */
  private String runAsAuthor(String commands, Path home, Path repository, Launcher nclab)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands).directory(home.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("MAVEN_") || name.equals("M2_HOME"));
    env.put("HOME", home.toString());
    env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + repository);
    env.put(
        "PATH",
        nclab.home().resolve("bin")
            + File.pathSeparator
            + maven().getParent()
            + File.pathSeparator
            + System.getenv().getOrDefault("PATH", ""));
    Path log = work.resolve("author.log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the guide's build block took over 20 minutes");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), "the guide's build block failed:\n" + output);
    return output;
  }

  /** Both of the template's test classes ran, and none failed. */
  private static void assertTemplateTestsPassed(Path reports, String log) throws IOException {
    for (String test : List.of("RingLossTest", "RingLossRegularizerTest")) {
      Path report = reports.resolve("org.example.ringloss." + test + ".txt");
      assertTrue(Files.isRegularFile(report), test + " did not run:\n" + log);
      String text = Files.readString(report, StandardCharsets.UTF_8);
      Matcher counts =
          Pattern.compile("Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: 0").matcher(text);
      assertTrue(counts.find() && Integer.parseInt(counts.group(1)) > 0, text);
    }
  }

  /**
   * The SDK artifacts came from the distribution's folder (Maven notes the repository each file
   * came from), and no nclab-parent was needed: the poms stand alone.
   */
  private static void assertSdkCameFromTheDistribution(Path repository) throws IOException {
    for (String artifact : List.of("nclab-api", "nclab-api-testkit")) {
      Path origin = repository.resolve("org/nclab/" + artifact + "/0.1.0/_remote.repositories");
      assertTrue(Files.isRegularFile(origin), "no " + artifact + " resolved into " + repository);
      assertTrue(Files.readString(origin).contains(".jar>nclab-sdk="), Files.readString(origin));
    }
    assertFalse(
        Files.exists(repository.resolve("org/nclab/nclab-parent")), "a parent pom was resolved");
    assertTrue(
        Files.isDirectory(repository.resolve("org/tensorflow/tensorflow-core-api/1.1.0")),
        "TensorFlow");
  }

  /** The Maven that runs this test, else the first {@code mvn} on the PATH. */
  private static Path maven() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn");
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path mvn = Path.of(dir, "mvn");
      if (Files.isExecutable(mvn)) {
        return mvn;
      }
    }
    throw new AssertionError("no mvn: put Maven on the PATH (or pass -Dmaven.home)");
  }

  /** One epoch of the smoke config with cross-entropy plus the template's ring loss. */
  private JsonNode trainOneEpoch(Launcher nclab) throws Exception {
    Path config = work.resolve("ring-loss.toml");
    Files.writeString(
        config,
        Files.readString(Launcher.repo().resolve("configs/examples/synthetic-smoke.toml"))
            + """

            [[regularizer]]
            id = "cross-entropy"

            [[regularizer]]
            id = "ring-loss"
            weight = 0.01
            radius = 2.0
            """);
    Path runs = work.resolve("runs");
    var train =
        nclab.run(
            work,
            "train",
            config.toString(),
            "--set",
            "run.output=\"" + runs + "\"",
            "--set",
            "train.epochs=1");
    assertEquals(0, train.exitCode(), train.all());
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(runs.resolve("synthetic-smoke/metrics.jsonl"))) {
      JsonNode node = json.readTree(line);
      if (node.path("phase").asText().equals("epoch")) {
        return node;
      }
    }
    throw new AssertionError("no epoch line in metrics.jsonl");
  }
}
