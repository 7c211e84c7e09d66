package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonNumberTest {

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0", "1", "0.992", "0.2", "255", "1e2", "1E-3", "2.5e+1",
      "0.000123", "123456789012345678901234567890", "0.1234567890123456789", "1e-45", "1e-40",
      "3.4028235e38", "1e39", "1e-50", "16777217", "0.30000001192092896"})
  void parse_givesWhatFloatParseFloatGives(String text) {
    assertSameFloat(Float.parseFloat(text), parse(text));
  }

  /** Short decimals take the fast path; each must round exactly as the JDK does. */
  @Test
  void parse_agreesWithTheJdkOnShortDecimals() {
    for (int i = 0; i < 1_000_000; i++) { // every value with six decimals in [0, 1)
      String text = "0." + Integer.toString(1_000_000 + i).substring(1);
      assertSameFloat(Float.parseFloat(text), parse(text));
    }
    Random random = new Random(3);
    for (int i = 0; i < 200_000; i++) {
      String text = random.nextInt(100_000) + "." + random.nextInt(1_000_000_000)
          + "e" + (random.nextInt(40) - 20);
      assertSameFloat(Float.parseFloat(text), parse(text));
    }
  }

  /**
   * 0.5 + 2^-25 = 0.5000000298023223876953125 lies halfway between the floats 0.5 and 0.5 + 2^-24.
   * The 16 digits 0.5000000298023224 lie 1.2e-17 above it, so the float is 0.5 + 2^-24; but the
   * nearest double is the halfway point itself, which a second rounding takes to the even 0.5.
   */
  @Test
  void parse_roundsOnceWhereTheNearestDoubleIsHalfwayBetweenFloats() {
    assertEquals(Math.nextUp(0.5f), parse("0.5000000298023224"));
    assertEquals(0.5f, (float) 0.5000000298023224, "the double rounding this test guards against");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "01", "-01", "1.", ".5", "+1", "1e", "1e+", "1.2.3", "1-2",
      "0x10", "--1", "1e5e5", "NaN"})
  void parse_refusesWhatIsNotAJsonNumber(String text) {
    assertTrue(Float.isNaN(parse(text)), text);
  }

  private static float parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return JsonNumber.parse(bytes, bytes.length);
  }

  private static void assertSameFloat(float expected, float actual) {
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
        () -> "expected " + expected + ", got " + actual);
  }
}
