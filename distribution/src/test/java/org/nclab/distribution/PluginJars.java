package org.nclab.distribution;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin jars in a test, the way a third party would ship them. */
final class PluginJars {
  private PluginJars() {}

  /**
   * Compiles {@code sources} (class name to Java source) against the distribution's lib/ and writes
   * a PF4J plugin jar with a manifest and an extensions index of {@code extensions}.
   */
  static Path build(
      Path dir,
      String pluginId,
      String requires,
      Map<String, String> sources,
      List<String> extensions,
      Map<String, byte[]> extraEntries)
      throws IOException {
    Path src = Files.createDirectories(dir.resolve(pluginId + "-src"));
    Path classes = Files.createDirectories(dir.resolve(pluginId + "-classes"));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
    }
    if (!sources.isEmpty()) {
      compile(src, classes);
    }
    Path jar = dir.resolve(pluginId + ".jar");
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Plugin-Id", pluginId);
    main.putValue("Plugin-Version", "1.0.0");
    main.putValue("Plugin-Requires", requires);
    main.putValue("Plugin-Provider", "a third party");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          put(out, classes.relativize(file).toString(), Files.readAllBytes(file));
        }
      }
      put(
          out,
          "META-INF/extensions.idx",
          String.join("\n", extensions).getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, byte[]> extra : extraEntries.entrySet()) {
        put(out, extra.getKey(), extra.getValue());
      }
    }
    return jar;
  }

  /**
   * Rewrites {@code jar} without its {@code META-INF/MANIFEST.MF}: what a jar built without the
   * plugin manifest looks like.
   */
  static Path withoutManifest(Path jar) throws IOException {
    Path stripped = jar.resolveSibling(jar.getFileName() + ".stripped");
    try (ZipFile in = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(stripped))) {
      for (ZipEntry entry : Collections.list(in.entries())) {
        if (!entry.getName().equals("META-INF/MANIFEST.MF")) {
          out.putNextEntry(new ZipEntry(entry.getName()));
          try (InputStream content = in.getInputStream(entry)) {
            content.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    return Files.move(stripped, jar, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A regularizer without options whose constructor runs {@code constructorBody}, as a third party
   * would write it.
   */
  static String regularizer(String className, String id, String constructorBody) {
    int dot = className.lastIndexOf('.');
    return """
    package %s;

    import java.util.List;
    import org.nclab.api.options.Options;
    import org.nclab.api.train.LossContext;
    import org.nclab.api.train.LossTerm;
    import org.nclab.api.train.Regularizer;

    public class %s implements Regularizer {
      public %s() { %s }
      public String id() { return "%s"; }
      public String summary() { return "a third party's regularizer"; }
      public List<LossTerm> terms(Options options, LossContext ctx) { return List.of(); }
    }
    """
        .formatted(
            className.substring(0, dot),
            className.substring(dot + 1),
            className.substring(dot + 1),
            constructorBody,
            id);
  }

  /**
   * A plugin jar of one regularizer, class {@code org.example.<pluginId without dashes>.Reg},
   * requiring nclab 0.1.x, whose constructor runs {@code constructorBody}.
   */
  static Path regularizerJar(Path dir, String pluginId, String extensionId, String constructorBody)
      throws IOException {
    String className = "org.example." + pluginId.replace("-", "") + ".Reg";
    return build(
        dir,
        pluginId,
        ">=0.1.0 & <0.2.0",
        Map.of(className, regularizer(className, extensionId, constructorBody)),
        List.of(className),
        Map.of());
  }

  /** A regularizer without options whose {@code terms} runs {@code termsBody}. */
  static String regularizerWithTerms(String className, String id, String termsBody) {
    return regularizer(className, id, "").replace("{ return List.of(); }", "{ " + termsBody + " }");
  }

  /** A dataset provider with this id that never opens anything. */
  static String dataset(String className, String id) {
    int dot = className.lastIndexOf('.');
    return """
    package %s;

    import org.nclab.api.data.Dataset;
    import org.nclab.api.data.DatasetProvider;
    import org.nclab.api.options.Options;

    public class %s implements DatasetProvider {
      public String id() { return "%s"; }
      public String summary() { return "a third party's dataset"; }
      public Dataset open(Options options) { throw new UnsupportedOperationException(); }
    }
    """
        .formatted(className.substring(0, dot), className.substring(dot + 1), id);
  }

  private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(content);
    out.closeEntry();
  }

  private static void compile(Path src, Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    // The '*' class-path wildcard is expanded by the java launcher, not by the in-process compiler.
    String classpath;
    try (Stream<Path> jars = Files.list(Launcher.ofBuiltDistribution().home().resolve("lib"))) {
      classpath = String.join(File.pathSeparator, jars.map(Path::toString).sorted().toList());
    }
    List<String> args;
    try (Stream<Path> files = Files.walk(src)) {
      args =
          new ArrayList<>(
              List.of("-proc:none", "--release", "17", "-cp", classpath, "-d", classes.toString()));
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    int status = compiler.run(null, null, null, args.toArray(String[]::new));
    if (status != 0) {
      throw new AssertionError("test plugin did not compile");
    }
  }
}
