package org.nclab.runtime.plugins;

import java.util.List;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.pf4j.Extension;

/**
 * A built-in that exists only on the test class path. PF4J's annotation processor lists it in
 * test-classes/META-INF/extensions.idx, so the host finds it exactly as it finds the core's real
 * built-ins: tests use it to see that built-ins load and that they win over a plugin's same id.
 */
@Extension
public class TestOnlyBuiltInRegularizer implements Regularizer {

  static final String ID = "test-builtin";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "A built-in regularizer that only tests see.";
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    return List.of();
  }
}
