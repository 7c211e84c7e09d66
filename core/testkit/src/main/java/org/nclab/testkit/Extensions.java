package org.nclab.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nclab.api.Extension;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.probe.Probe;
import org.nclab.api.train.Regularizer;

/**
 * What nclab checks of an extension's declaration before it calls it, for a plugin's own tests:
 * {@link #assertWellDeclared} fails where {@code nclab plugins verify} or loading a config would
 * refuse, and {@link #options} makes the {@link Options} a config table would turn into.
 */
public final class Extensions {
  /**
   * The keys nclab reads itself in every table of a kind, besides {@code id}; an extension may not
   * declare them. nclab's runtime tests check this list against its own.
   */
  public static final Map<Class<? extends Extension>, Set<String>> RESERVED =
      Map.of(
          Regularizer.class, Set.of("weight"),
          Augmentation.class, Set.of("probability"),
          Probe.class, Set.of("every_epochs", "taps", "splits", "max_per_class"),
          BackboneProvider.class,
              Set.of(
                  "head_depth",
                  "head_width",
                  "head_dim",
                  "head_batch_norm",
                  "head_activation",
                  "sync_batch_norm"),
          DatasetProvider.class, Set.of("classes", "train_per_class"));

  private Extensions() {}

  /** The options of a table that gives only {@code id}: every default. */
  public static Options options(Extension extension) {
    return options(extension, Map.of());
  }

  /**
   * The options of a table that gives {@code table}, validated as nclab validates a config.
   *
   * @throws IllegalArgumentException naming the option, as nclab's message would
   */
  public static Options options(Extension extension, Map<String, ?> table) {
    return Options.withDefaults(extension.id(), extension.options(), table);
  }

  /** {@code id} and the keys nclab reads in every table of this extension's kind. */
  public static Set<String> reservedNames(Extension extension) {
    Set<String> names = new HashSet<>(Set.of("id"));
    RESERVED.forEach(
        (kind, reserved) -> {
          if (kind.isInstance(extension)) {
            names.addAll(reserved);
          }
        });
    return names;
  }

  /**
   * Fails unless the id is lower-case words joined by dashes, the summary says something, and every
   * option has a lower_snake_case name of its own that no table of the kind reserves, a doc, and
   * (when it has one) a default its own spec accepts.
   */
  public static void assertWellDeclared(Extension extension) {
    String id = extension.id();
    assertTrue(
        id != null && id.matches("[a-z0-9]+(-[a-z0-9]+)*"),
        "id '" + id + "': lower-case words and dashes");
    assertFalse(extension.summary() == null || extension.summary().isBlank(), id + ": no summary");
    Set<String> reserved = reservedNames(extension);
    Set<String> names = new HashSet<>();
    List<OptionSpec> specs = extension.options();
    for (OptionSpec spec : specs) {
      String where = id + "." + spec.name();
      assertTrue(spec.name().matches("[a-z][a-z0-9_]*"), where + ": not lower_snake_case");
      assertFalse(
          reserved.contains(spec.name()),
          where + ": nclab reads this key itself; choose another name");
      assertTrue(names.add(spec.name()), where + ": declared twice");
      assertFalse(spec.doc().isBlank(), where + ": no doc (nclab plugins verify refuses it)");
      if (!spec.required()
          && spec.coerce(spec.defaultValue()) instanceof OptionSpec.Invalid invalid) {
        fail(
            where
                + ": default "
                + spec.defaultValue()
                + " is refused by its own spec: "
                + invalid.reason());
      }
    }
  }
}
