package org.nclab.runtime.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nclab.api.Extension;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.runtime.backbones.CnnBackbone;
import org.nclab.runtime.losses.CrossEntropyRegularizer;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.plugins.ExtensionKind;

/**
 * The core's cnn and cross-entropy and a dataset that only declares options: enough to validate
 * studies.
 */
final class TestCatalog implements ExtensionCatalog {
  private final List<Extension> extensions =
      List.of(new CnnBackbone(), new CrossEntropyRegularizer(), new OptionsOnlyDataset());

  @Override
  public Optional<Extension> find(ExtensionKind kind, String id) {
    return extensions.stream()
        .filter(e -> kind.type().isInstance(e) && e.id().equals(id))
        .findFirst();
  }

  @Override
  public List<String> ids(ExtensionKind kind) {
    List<String> ids = new ArrayList<>();
    extensions.stream().filter(kind.type()::isInstance).forEach(e -> ids.add(e.id()));
    return ids;
  }

  @Override
  public String providerOf(Extension extension) {
    return "core";
  }

  static final class OptionsOnlyDataset implements DatasetProvider {
    @Override
    public String id() {
      return "synthetic";
    }

    @Override
    public String summary() {
      return "options only (test)";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(OptionSpec.integer("num_classes", "classes").range(2, 100).defaultValue(4));
    }

    @Override
    public Dataset open(Options options) {
      throw new UnsupportedOperationException("validation only");
    }
  }
}
