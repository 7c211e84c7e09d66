package org.nclab.api.options;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionSpecTest {

  @Test
  void coerce_integerFromTomlLong() {
    assertEquals(3, OptionSpec.integer("epochs", "doc").coerce(3L));
  }

  @Test
  void coerce_integerOutOfRange_saysTheRange() {
    Object result = OptionSpec.integer("epochs", "doc").range(1, 100).coerce(0L);
    assertEquals(new OptionSpec.Invalid("got 0, expected a value in [1, 100]"), result);
  }

  @Test
  void coerce_integerTooLargeForInt() {
    Object result = OptionSpec.integer("n", "doc").coerce(1L << 40);
    assertTrue(result instanceof OptionSpec.Invalid invalid && invalid.reason().contains("32-bit"));
  }

  @Test
  void coerce_numberAcceptsIntegers() {
    assertEquals(1.0, OptionSpec.number("lr", "doc").coerce(1L));
  }

  @Test
  void coerce_wrongType_namesWhatWasGivenAndExpected() {
    Object result = OptionSpec.integer("epochs", "doc").coerce("three");
    assertEquals(new OptionSpec.Invalid("got \"three\", expected an integer"), result);
  }

  @Test
  void coerce_choices() {
    OptionSpec spec = OptionSpec.string("optimizer", "doc").oneOf("sgd", "adam");
    assertEquals("adam", spec.coerce("adam"));
    assertEquals(
        new OptionSpec.Invalid("got \"adm\", expected one of [sgd, adam]"), spec.coerce("adm"));
  }

  @Test
  void coerce_listChecksEveryElementWithItsIndex() {
    OptionSpec spec = OptionSpec.of("widths", OptionType.INT_LIST, "doc").range(1, 10);
    assertEquals(List.of(1, 2), spec.coerce(List.of(1L, 2L)));
    assertEquals(
        new OptionSpec.Invalid("element 1: got 20, expected a value in [1, 10]"),
        spec.coerce(List.of(1L, 20L)));
  }

  @Test
  void coerce_pathFromStringAndFromItsOwnDefault() {
    OptionSpec spec = OptionSpec.path("path", "doc").defaultValue("/data");
    assertEquals(Path.of("/data"), spec.defaultValue());
    assertEquals(Path.of("/data"), spec.coerce(spec.defaultValue()));
    assertTrue(spec.coerce("") instanceof OptionSpec.Invalid);
  }

  @Test
  void defaultValue_outsideTheRangeIsABugInTheDeclaration() {
    assertThrows(
        IllegalArgumentException.class,
        () -> OptionSpec.integer("n", "doc").range(1, 2).defaultValue(5L));
  }

  @Test
  void required_whenNoDefault() {
    assertTrue(OptionSpec.integer("n", "doc").required());
    assertFalse(OptionSpec.integer("n", "doc").defaultValue(1L).required());
  }

  @Test
  void options_withDefaults_fillsAndChecks() {
    List<OptionSpec> specs =
        List.of(
            OptionSpec.integer("a", "doc").defaultValue(1L),
            OptionSpec.path("p", "doc").defaultValue("/x"));
    Options options = Options.withDefaults("thing", specs, Map.of("a", 5L));
    assertEquals(5, options.getInt("a"));
    assertEquals(Path.of("/x"), options.getPath("p"));
    assertThrows(IllegalArgumentException.class, () -> options.getString("a"));
    assertThrows(IllegalArgumentException.class, () -> options.getInt("missing"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Options.withDefaults("thing", specs, Map.of("b", 1L)));
    assertEquals(options, Options.withDefaults("thing", specs, Map.of("a", 5L)));
  }
}
