package org.nclab.runtime.plugins;

import static java.util.stream.Collectors.joining;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nclab.runtime.io.AtomicFiles;

/**
 * Runs the plugin checker on each archive in a child JVM with a time limit, so that a plugin whose
 * static initialiser or constructor calls {@code System.exit}, halts the JVM or blocks is refused
 * with that reason instead of ending or hanging the command. Verdicts are kept in {@code
 * .nclab-checks/} inside the plugins folder, by the jar's SHA-256 and the nclab version, so each
 * jar costs a child JVM once; when that folder cannot be written, every start checks again.
 *
 * <p>The child ({@code mainClass}) is given the jars as arguments and answers on standard output
 * with one line per event, tab-separated: {@code begin I}, {@code passed I}, {@code refused I
 * REASON}, {@code exit I} (from its shutdown hook: the plugin called {@code System.exit}) and
 * {@code done}. Anything else the plugin prints is ignored.
 */
public final class IsolatedPluginScreen implements PluginScreen {

  /** The system property that sets the time limit per jar, in seconds (default 60). */
  public static final String TIMEOUT_PROPERTY = "nclab.plugins.checkTimeoutSeconds";

  private static final String CACHE_FOLDER = ".nclab-checks";
  private static final String PASSED = "passed";
  private static final String LISTED = "listed";

  private final String mainClass;
  private final String systemVersion;
  private final Duration limit;

  /**
   * @param mainClass the child's entry point, which runs the verifier on each argument
   */
  public IsolatedPluginScreen(String mainClass, String systemVersion) {
    this.mainClass = mainClass;
    this.systemVersion = systemVersion;
    this.limit = Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 60));
  }

  @Override
  public Map<Path, String> refusals(List<Path> archives) {
    return screen(archives).refusals();
  }

  @Override
  public Screening screen(List<Path> archives) {
    Map<Path, String> refusals = new LinkedHashMap<>();
    Map<Path, List<ListedExtension>> listings = new LinkedHashMap<>();
    List<Path> unchecked = new ArrayList<>();
    Map<Path, String> keys = new LinkedHashMap<>();
    for (Path archive : archives) {
      String key = key(archive);
      keys.put(archive, key);
      Optional<List<String>> cached = cached(archive, key);
      if (cached.isEmpty()) {
        unchecked.add(archive);
      } else if (cached.get().get(0).equals(PASSED)) {
        listings.put(archive, listing(cached.get()));
      } else {
        refusals.put(archive, cached.get().get(0).substring("refused\t".length()));
      }
    }
    int next = 0;
    while (next < unchecked.size()) {
      List<Path> batch = unchecked.subList(next, unchecked.size());
      Round round = runChild(batch);
      for (int i = 0; i < round.results().size(); i++) {
        Result result = round.results().get(i);
        Path archive = batch.get(i);
        if (result.reason() != null) {
          refusals.put(archive, result.reason());
        } else {
          listings.put(archive, result.listing());
        }
        if (result.cacheable()) {
          store(
              archive,
              keys.get(archive),
              result.reason() == null
                  ? PASSED
                      + result.listing().stream()
                          .map(e -> "\n" + LISTED + "\t" + e.line())
                          .collect(joining())
                  : "refused\t" + result.reason());
        }
      }
      next += Math.max(1, round.results().size());
    }
    return new Screening(refusals, listings);
  }

  private static List<ListedExtension> listing(List<String> verdictLines) {
    return verdictLines.stream()
        .filter(line -> line.startsWith(LISTED + "\t"))
        .map(line -> ListedExtension.parse(line.substring(LISTED.length() + 1)))
        .flatMap(Optional::stream)
        .toList();
  }

  @Override
  public Optional<String> fatalLoading(Path jar) {
    Round round = runChild(List.of(jar));
    return round.results().stream().filter(Result::fatal).map(Result::reason).findFirst();
  }

  /** What one child JVM said about the jars it got before it finished, died or hung. */
  private record Round(List<Result> results) {}

  /**
   * @param reason null when the jar passed
   * @param fatal whether loading the jar ended or hung the child rather than being refused
   */
  private record Result(
      String reason, boolean cacheable, boolean fatal, List<ListedExtension> listing) {
    Result(String reason, boolean cacheable, boolean fatal) {
      this(reason, cacheable, fatal, List.of());
    }

    Result(String reason, boolean cacheable) {
      this(reason, cacheable, false);
    }
  }

  private Round runChild(List<Path> jars) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    jars.forEach(jar -> command.add(jar.toAbsolutePath().toString()));
    Process child;
    try {
      child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return new Round(
          List.of(
              new Result(
                  "nclab could not start a JVM to check it ("
                      + ExceptionText.describe(e)
                      + "); check that "
                      + command.get(0)
                      + " runs",
                  false)));
    }
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(() -> readLines(child.getInputStream(), lines), "nclab-plugin-check");
    reader.setDaemon(true);
    reader.start();
    List<Result> results = new ArrayList<>();
    List<ListedExtension> listed = new ArrayList<>();
    boolean exitCalled = false;
    int begun = 0;
    try {
      while (true) {
        String line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
          kill(child);
          results.add(
              new Result(
                  "loading it did not finish within "
                      + limit.toSeconds()
                      + " s (a static initialiser, Plugin-Class or constructor that blocks); an"
                      + " extension's constructor should only store constants (-D"
                      + TIMEOUT_PROPERTY
                      + "=S sets the limit)",
                  false,
                  true));
          return new Round(results);
        }
        String[] parts = line.split("\t", 3);
        switch (parts[0]) {
          case LISTED ->
              ListedExtension.parse(parts.length > 2 ? parts[2] : "").ifPresent(listed::add);
          case PASSED -> {
            results.add(new Result(null, true, false, List.copyOf(listed)));
            listed.clear();
          }
          case "refused" -> {
            results.add(new Result(parts.length > 2 ? parts[2] : "refused", true));
            listed.clear();
          }
          case "exit" -> exitCalled = true;
          case "done" -> {
            kill(child);
            return new Round(results);
          }
          case "begin" -> begun++;
          case "eof" -> {
            int status = child.waitFor();
            results.add(
                begun > results.size()
                    ? new Result(ended(status, exitCalled), true, true)
                    : new Result(
                        "the JVM that checks plugins exited with "
                            + status
                            + " before loading it; run nclab with --debug and report it",
                        false));
            return new Round(results);
          }
          default -> {
            // lines a plugin printed: nothing to record
          }
        }
      }
    } catch (InterruptedException e) {
      kill(child);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking plugins", e);
    }
  }

  private static String ended(int status, boolean exitCalled) {
    String how =
        exitCalled
            ? "called System.exit(" + status + ")"
            : "ended the JVM without running its shutdown hooks (Runtime.halt("
                + status
                + ") or a crash)";
    return "loading it "
        + how
        + ", which would end every nclab command that loads it without a"
        + " word; a plugin must never end the JVM: throw an exception instead";
  }

  private static void readLines(InputStream in, BlockingQueue<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the child died: the end of its output says so
    }
    lines.add("eof");
  }

  private static void kill(Process child) {
    child.descendants().forEach(ProcessHandle::destroyForcibly);
    child.destroyForcibly();
  }

  private String key(Path archive) {
    try (InputStream in = Files.newInputStream(archive)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest()) + "-" + systemVersion;
    } catch (IOException e) {
      return null; // unreadable: the checker says why, and nothing is cached
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * The cached verdict's lines: {@code passed} and the extensions listed, or {@code refused
   * REASON}; empty when there is none, or when a passed verdict lists no extension (written by an
   * nclab that did not list them: checked again).
   */
  private static Optional<List<String>> cached(Path archive, String key) {
    if (key == null) {
      return Optional.empty();
    }
    try {
      List<String> lines =
          Files.readString(cacheFolder(archive).resolve(key)).strip().lines().toList();
      if (lines.isEmpty() || lines.get(0).equals(PASSED) && listing(lines).isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(lines);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Path cacheFolder(Path archive) {
    return archive.toAbsolutePath().resolveSibling(CACHE_FOLDER);
  }

  private static void store(Path archive, String key, String verdict) {
    if (key == null) {
      return;
    }
    try {
      Path folder = Files.createDirectories(cacheFolder(archive));
      AtomicFiles.writeString(folder.resolve(key), verdict + "\n");
    } catch (IOException | RuntimeException e) {
      // a read-only plugins folder: the next start checks again
    }
  }
}
