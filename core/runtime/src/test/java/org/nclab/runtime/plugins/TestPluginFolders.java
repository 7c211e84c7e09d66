package org.nclab.runtime.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A plugins folder and, beside it, the folder where an author builds jars: what the verifier's and
 * the installer's (and the CLI's) tests work in. Jars get a Plugin-Requires, since the verifier
 * refuses jars without one.
 */
public final class TestPluginFolders {

  static final String REQUIRES = ">=0.1.0 & <0.2.0";

  private final Path jars;
  private final Path plugins;
  private final Path scratch;

  public TestPluginFolders(Path temp) {
    try {
      jars = Files.createDirectories(temp.resolve("jars"));
      plugins = Files.createDirectories(temp.resolve("plugins"));
      scratch = temp.resolve("build");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path plugins() {
    return plugins;
  }

  Path jars() {
    return jars;
  }

  /** A jar in the author's folder, with a manifest that passes but no extension yet. */
  TestPluginArchive jar(String fileName, String pluginId) {
    return TestPluginArchive.jar(jars, fileName, pluginId, scratch)
        .attribute("Plugin-Requires", REQUIRES);
  }

  /**
   * A jar whose one regularizer, {@code org.example.PLUGINID.Reg}, declares a documented {@code
   * radius}.
   */
  TestPluginArchive regularizerJar(String fileName, String pluginId, String extensionId) {
    String className = "org.example." + pluginId.replace("-", "") + ".Reg";
    return jar(fileName, pluginId)
        .extension(
            className,
            regularizerSource(
                className,
                extensionId,
                "A test regularizer.",
                "List.of(OptionSpec.number(\"radius\", \"target norm\").defaultValue(1.0))"));
  }

  /** A finished jar of {@link #regularizerJar}, for tests outside this package. */
  public Path goodRegularizerJar(String fileName, String pluginId, String extensionId) {
    return regularizerJar(fileName, pluginId, extensionId).build();
  }

  /** A jar with an extension but no manifest, for tests outside this package. */
  public Path jarWithoutManifest(String fileName, String pluginId, String extensionId) {
    return regularizerJar(fileName, pluginId, extensionId).withoutManifest().build();
  }

  /** Moves a built jar into the plugins folder. */
  public Path install(Path jar) {
    try {
      return Files.move(jar, plugins.resolve(jar.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File names in the plugins folder, dot-files included, sorted. */
  public List<String> pluginsFolderContents() {
    try (Stream<Path> files = Files.list(plugins)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A regularizer with this summary and {@code options()} returning this expression. */
  static String regularizerSource(
      String className, String id, String summary, String optionsExpression) {
    int dot = className.lastIndexOf('.');
    return """
    package %s;

    import java.util.List;
    import org.nclab.api.options.OptionSpec;
    import org.nclab.api.options.Options;
    import org.nclab.api.train.LossContext;
    import org.nclab.api.train.LossTerm;
    import org.nclab.api.train.Regularizer;

    public class %s implements Regularizer {
      @Override public String id() { return "%s"; }
      @Override public String summary() { return "%s"; }
      @Override public List<OptionSpec> options() { return %s; }
      @Override public List<LossTerm> terms(Options options, LossContext ctx) {
        return List.of();
      }
    }
    """
        .formatted(
            className.substring(0, dot),
            className.substring(dot + 1),
            id,
            summary,
            optionsExpression);
  }
}
