package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a third-party author does, from outside nclab's build: {@code nclab-api} installed into a
 * local Maven repository of its own, a copy of {@code plugins/template} built there with {@code mvn
 * package} (its tests included), the jar verified by {@code nclab plugins verify} and dropped into
 * a copy of the distribution, and a short training whose objective uses the template's regularizer
 * beside cross-entropy, checked in {@code metrics.jsonl}.
 *
 * <p>The template builds against an empty local repository, as an outsider's would: nothing of
 * nclab's own build is visible to it except the {@code nclab-api} jar and poms copied in. Its only
 * remote repository is this machine's Maven cache as a file URL (see {@link #offlineSettings}), so
 * the test resolves what an author's build resolves (about 190 MB, mostly TensorFlow's native
 * library for the template's tests) without reaching the network.
 */
class TemplatePluginIT {
  private static final String GROUP_PATH = "org/nclab";
  private static final String VERSION = "0.1.0";
  private static final String JAR = "nclab-ring-loss-1.0.0.jar";

  @TempDir Path work;

  @Test
  void theTemplateBuiltOutsideTheTreeIsVerifiedInstalledAndTrainsWithItsLossTerm() throws Exception {
    Path repository = installApiInto(work.resolve("m2"));
    Path template = copyOfTemplate(work.resolve("template"));
    long started = System.nanoTime();
    build(template, repository);
    System.out.println(
        "TemplatePluginIT: mvn package of the template took "
            + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    Path jar = template.resolve("target").resolve(JAR);
    assertTrue(Files.isRegularFile(jar), "mvn package wrote no " + jar);

    Launcher nclab = Installation.copyOf(Launcher.ofBuiltDistribution(), work.resolve("nclab"));
    var verify = nclab.run(work, "plugins", "verify", jar.toString());
    assertEquals(0, verify.exitCode(), verify.all());
    for (String check : List.of("jar", "extensions", "options", "installed")) {
      assertTrue(verify.out().contains(String.format("  %-11s OK: ", check)), check + ":\n" + verify.out());
    }
    assertTrue(verify.out().contains("verdict: OK, ring-loss 1.0.0 can be installed"), verify.out());

    Files.copy(jar, nclab.home().resolve("plugins").resolve(JAR));
    var plugins = nclab.run(work, "plugins");
    assertEquals("", plugins.err(), "no plugin refused");
    assertTrue(plugins.out().contains("ring-loss 1.0.0"), plugins.out());

    JsonNode epoch = trainOneEpoch(nclab);
    assertTrue(epoch.has("loss/cross-entropy"), epoch.toString());
    double ringLoss = epoch.path("loss/ring-loss").asDouble(Double.NaN);
    assertTrue(ringLoss > 0 && Double.isFinite(ringLoss), "loss/ring-loss in " + epoch);
  }

  /**
   * Puts {@code nclab-api}'s jar and pom, and the parent pom it names, where {@code mvn install}
   * would: copying them into the repository layout needs no Maven plugin to be downloaded first.
   */
  private static Path installApiInto(Path repository) throws IOException {
    Path repo = Launcher.repo();
    Path apiJar = repo.resolve("core/api/target/nclab-api-" + VERSION + ".jar");
    assertTrue(Files.isRegularFile(apiJar), "no " + apiJar + "; build the tree first (mvn install)");
    Path api = Files.createDirectories(repository.resolve(GROUP_PATH + "/nclab-api/" + VERSION));
    Files.copy(apiJar, api.resolve(apiJar.getFileName()));
    Files.copy(repo.resolve("core/api/pom.xml"), api.resolve("nclab-api-" + VERSION + ".pom"));
    Path parent = Files.createDirectories(repository.resolve(GROUP_PATH + "/nclab-parent/" + VERSION));
    Files.copy(repo.resolve("pom.xml"), parent.resolve("nclab-parent-" + VERSION + ".pom"));
    return repository;
  }

  /** The template's sources as an author copies them: without a build output of the tree's own. */
  private static Path copyOfTemplate(Path copy) throws IOException {
    Installation.copyTree(
        Launcher.repo().resolve("plugins/template"), copy, path -> !path.startsWith("target"));
    return copy;
  }

  private void build(Path project, Path repository) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                maven(), "-B", "-q", "-ntp", "-s", offlineSettings().toString(),
                "-Dmaven.repo.local=" + repository, "package"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile());
    // The surrounding Maven's settings for its own reactor must not leak into the outside build.
    builder.environment().keySet().removeIf(name -> name.startsWith("MAVEN_"));
    Path log = work.resolve("mvn.log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("mvn package of the template took over 10 minutes");
    }
    assertEquals(
        0, process.exitValue(), "mvn package of the template:\n" + Files.readString(log, StandardCharsets.UTF_8));
  }

  /**
   * Settings whose only repository is the local repository of the Maven running this build, as a
   * file URL: the outside build resolves everything an author's would (the template's plugins and
   * provided dependencies) into its own empty repository, yet the test never reaches the network.
   * The surrounding build has just resolved the same artifacts, so they are there.
   */
  private Path offlineSettings() throws IOException {
    String cache =
        System.getProperty(
            "nclab.maven.cache", Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    Path settings = work.resolve("offline-settings.xml");
    Files.writeString(
        settings,
        """
        <settings>
          <mirrors>
            <mirror>
              <id>this-machines-maven-cache</id>
              <mirrorOf>*</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
        </settings>
        """
            .formatted(Path.of(cache).toUri()));
    return settings;
  }

  /** The Maven that runs this test, else the first {@code mvn} on the PATH. */
  private static String maven() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path mvn = Path.of(dir, "mvn");
      if (Files.isExecutable(mvn)) {
        return mvn.toString();
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
        nclab.run(work, "train", config.toString(), "--set", "run.output=\"" + runs + "\"", "--set", "train.epochs=1");
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
