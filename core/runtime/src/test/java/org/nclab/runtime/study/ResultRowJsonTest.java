package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nclab.runtime.transfer.TransferResult;

/**
 * results.json keeps its flat rows now that ResultRow is grouped: test resources
 * formats/results.json was written, with StudyReport's mapper settings, when ResultRow was a
 * 23-component record, and changed deliberately once since: the seeds axis added the group and seed
 * columns after the variant, and the means and verdicts lists.
 */
class ResultRowJsonTest {

  @Test
  void writesTheSameBytesAsBefore() throws IOException {
    ResultRow runOnly =
        new ResultRow(
            "a",
            "a",
            null,
            "ok",
            new ResultRow.Source("model.width=8", 2, 0.81, 2.0, 2.5, 3.0),
            null,
            null,
            null);
    ResultRow transfer =
        new ResultRow(
            "b_seed3",
            "b",
            3L,
            "ok",
            new ResultRow.Source("", 3, 0.875, 1.5, null, 12.5),
            "mnist",
            3.25,
            TransferResult.of("scl")
                .shots(10)
                .layer("block2", "concat")
                .parameters(20490, 94826, 0.216)
                .accuracy(100, 0.99, 0.71)
                .finalLoss(0.05)
                .nc1(1.8, 5.7)
                .epochs(40)
                .seconds(37.3)
                .build());
    StudyResults results =
        new StudyResults(
            "demo",
            List.of(),
            List.of(runOnly, transfer),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    ObjectMapper json =
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    assertArrayEquals(resource("results.json"), json.writeValueAsBytes(results));
    assertEquals(ResultRow.COLUMNS.size(), transfer.cells().size());
    assertEquals("scl block2 concat 10 shots", transfer.methodLabel());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ResultRowJsonTest.class.getResourceAsStream("/formats/" + name)) {
      return in.readAllBytes();
    }
  }
}
