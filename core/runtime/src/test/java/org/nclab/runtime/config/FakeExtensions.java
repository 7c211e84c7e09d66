package org.nclab.runtime.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.nclab.api.Extension;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.data.ImageShape;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.model.BackboneOutput;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;
import org.nclab.api.options.Options;
import org.nclab.api.probe.Probe;
import org.nclab.api.probe.ProbeInput;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.plugins.ExtensionKind;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Small extensions that only declare options, and a catalog backed by a map: config validation
 * needs nothing else from them.
 */
final class FakeExtensions {

  /** A dataset with a required PATH option and a ranged INT option. */
  static final class FakeIdx implements DatasetProvider {
    @Override
    public String id() {
      return "idx";
    }

    @Override
    public String summary() {
      return "IDX image files (fake)";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(
          OptionSpec.path("path", "folder holding the IDX files"),
          OptionSpec.integer("limit", "use at most this many training examples")
              .range(1, 60_000)
              .defaultValue(60_000));
    }

    @Override
    public Dataset open(Options options) {
      throw new UnsupportedOperationException("fake");
    }
  }

  static final class FakeCnn implements BackboneProvider {
    @Override
    public String id() {
      return "cnn";
    }

    @Override
    public String summary() {
      return "a small CNN (fake)";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(
          OptionSpec.integer("width", "channels of the first block")
              .range(1, 4096)
              .defaultValue(64),
          OptionSpec.string("activation", "nonlinearity")
              .oneOf("relu", "gelu")
              .defaultValue("relu"));
    }

    @Override
    public BackboneOutput build(
        Options options, GraphContext ctx, Operand<TFloat32> images, ImageShape shape) {
      throw new UnsupportedOperationException("fake");
    }
  }

  static final class FakeCrossEntropy implements Regularizer {
    @Override
    public String id() {
      return "cross-entropy";
    }

    @Override
    public String summary() {
      return "softmax cross-entropy (fake)";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(
          OptionSpec.number("label_smoothing", "mass moved to other classes")
              .range(0, 1)
              .defaultValue(0.0));
    }

    @Override
    public List<LossTerm> terms(Options options, LossContext ctx) {
      throw new UnsupportedOperationException("fake");
    }
  }

  /** A regularizer with a required option and a list option. */
  static final class FakeVariancePenalty implements Regularizer {
    @Override
    public String id() {
      return "variance-penalty";
    }

    @Override
    public String summary() {
      return "keeps within-class variability (fake)";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(
          OptionSpec.number("target", "wanted within-class variance").range(0, 100),
          OptionSpec.of("taps", OptionType.STRING_LIST, "feature taps to penalize")
              .defaultValue(List.of("features")));
    }

    @Override
    public List<LossTerm> terms(Options options, LossContext ctx) {
      throw new UnsupportedOperationException("fake");
    }
  }

  /** A plugin that breaks the contract: its option hides the regularizer weight. */
  static final class FakeReservedName implements Regularizer {
    @Override
    public String id() {
      return "shadowing";
    }

    @Override
    public String summary() {
      return "declares an option nclab reserves (fake)";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(OptionSpec.number("weight", "clashes with the regularizer weight"));
    }

    @Override
    public List<LossTerm> terms(Options options, LossContext ctx) {
      throw new UnsupportedOperationException("fake");
    }
  }

  /** A probe with one option of its own beside the common probe keys. */
  static final class FakeNc implements Probe {
    @Override
    public String id() {
      return "nc";
    }

    @Override
    public String summary() {
      return "neural-collapse metrics (fake)";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(
          OptionSpec.bool("balanced", "global mean = mean of class means").defaultValue(false));
    }

    @Override
    public Map<String, Double> measure(Options options, ProbeInput input) {
      throw new UnsupportedOperationException("fake");
    }
  }

  /** An {@link ExtensionCatalog} over a fixed set of extensions, all "provided" by one plugin. */
  record MapCatalog(Map<ExtensionKind, Map<String, Extension>> extensions)
      implements ExtensionCatalog {

    static MapCatalog of(Extension... all) {
      Map<ExtensionKind, Map<String, Extension>> byKind = new TreeMap<>();
      for (ExtensionKind kind : ExtensionKind.values()) {
        byKind.put(
            kind,
            Arrays.stream(all)
                .filter(kind.type()::isInstance)
                .collect(Collectors.toMap(Extension::id, e -> e)));
      }
      return new MapCatalog(byKind);
    }

    @Override
    public Optional<Extension> find(ExtensionKind kind, String id) {
      return Optional.ofNullable(extensions.get(kind).get(id));
    }

    @Override
    public List<String> ids(ExtensionKind kind) {
      return extensions.get(kind).keySet().stream().sorted().toList();
    }

    @Override
    public String providerOf(Extension extension) {
      return "plugin fake-plugin";
    }
  }

  /** The catalog most tests use: idx, cnn, cross-entropy and variance-penalty. */
  static MapCatalog standardCatalog() {
    return MapCatalog.of(
        new FakeIdx(),
        new FakeCnn(),
        new FakeCrossEntropy(),
        new FakeVariancePenalty(),
        new FakeNc());
  }

  private FakeExtensions() {}
}
