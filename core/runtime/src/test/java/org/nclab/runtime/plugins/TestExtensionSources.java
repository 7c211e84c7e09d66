package org.nclab.runtime.plugins;

/** Java sources of the tiny extensions that test plugins contain. */
final class TestExtensionSources {

  private TestExtensionSources() {}

  /**
   * A regularizer with this id whose constructor runs {@code constructorBody}. Its static {@code
   * tensorClass()} returns the {@code org.tensorflow.Tensor} its own code links against, which is
   * what shows where the plugin's TensorFlow comes from.
   */
  static String regularizer(String className, String id, String constructorBody) {
    return """
    package %s;

    import java.util.List;
    import org.nclab.api.options.Options;
    import org.nclab.api.train.LossContext;
    import org.nclab.api.train.LossTerm;
    import org.nclab.api.train.Regularizer;

    public class %s implements Regularizer {
      public %s() {
        %s
      }

      public static Class<?> tensorClass() {
        return org.tensorflow.Tensor.class;
      }

      @Override public String id() { return "%s"; }
      @Override public String summary() { return "A test regularizer."; }
      @Override public List<LossTerm> terms(Options options, LossContext ctx) {
        return List.of();
      }
    }
    """
        .formatted(
            packageOf(className),
            simpleName(className),
            simpleName(className),
            constructorBody,
            id);
  }

  static String regularizer(String className, String id) {
    return regularizer(className, id, "");
  }

  static String datasetProvider(String className, String id) {
    return """
    package %s;

    import org.nclab.api.data.Dataset;
    import org.nclab.api.data.DatasetProvider;
    import org.nclab.api.options.Options;

    public class %s implements DatasetProvider {
      @Override public String id() { return "%s"; }
      @Override public String summary() { return "A test dataset."; }
      @Override public Dataset open(Options options) {
        throw new UnsupportedOperationException("test dataset");
      }
    }
    """
        .formatted(packageOf(className), simpleName(className), id);
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
