package org.nclab.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.bytedeco.javacpp.Pointer;
import org.nclab.api.Extension;
import org.pf4j.ExtensionPoint;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;

/**
 * Compiles plugin classes while a test runs, against what a real plugin compiles against: the
 * host's API and its {@code provided} libraries, taken from the jars the test itself runs on.
 */
final class TestCompiler {

  /** One class from each library a plugin may compile against; their jars form the class path. */
  private static final List<Class<?>> PROVIDED_LIBRARIES =
      List.of(
          Extension.class,
          Tensor.class,
          NdArray.class,
          Pointer.class,
          Message.class,
          ExtensionPoint.class);

  private TestCompiler() {}

  /**
   * @param sources Java sources by binary class name
   * @param workDir an empty folder for the class files
   * @return class file bytes by archive entry name ({@code a/b/C.class})
   */
  static Map<String, byte[]> compile(Map<String, String> sources, Path workDir) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> units =
        sources.entrySet().stream()
            .map(source -> (JavaFileObject) new SourceText(source.getKey(), source.getValue()))
            .toList();
    StringWriter diagnostics = new StringWriter();
    List<String> options =
        List.of(
            "--release",
            "17",
            // No annotation processing: the tests write META-INF/extensions.idx themselves, so that
            // each jar holds exactly what the test says.
            "-proc:none",
            "-classpath",
            classPath(),
            "-d",
            workDir.toString());
    boolean ok = compiler.getTask(diagnostics, null, null, options, null, units).call();
    assertTrue(ok, "test plugin sources do not compile:\n" + diagnostics);
    return classFiles(workDir);
  }

  private static String classPath() {
    return PROVIDED_LIBRARIES.stream()
        .map(TestCompiler::jarOf)
        .map(Path::toString)
        .distinct()
        .collect(Collectors.joining(File.pathSeparator));
  }

  static Path jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, byte[]> classFiles(Path root) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static final class SourceText extends SimpleJavaFileObject {
    private final String text;

    SourceText(String className, String text) {
      super(
          URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension),
          Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
