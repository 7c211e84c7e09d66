package org.nclab.runtime.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;

/** transfer.json as nclab transfer writes it and studies and rank read it back. */
class TransferReportTest {
  @TempDir Path dir;

  private static TransferReport report() {
    return new TransferReport(
        "runs/x",
        "epoch-0006",
        "fashion-mnist",
        new TransferReport.Downstream("mnist", 10, 8000, 2000),
        "block2",
        3.5,
        Map.of("methods", List.of("linear-probe", "scl")),
        List.of(
            TransferResult.of("linear-probe")
                .parameters(1290, 94186, 0.0137)
                .accuracy(8000, 0.97, 0.93)
                .finalLoss(0.13)
                .nc1(5.1, 4.9)
                .solver(389, true)
                .seconds(13.6)
                .build(),
            TransferResult.of("scl")
                .shots(10)
                .layer("block2", "concat")
                .parameters(20490, 94826, 0.216)
                .accuracy(100, 0.99, 0.71)
                .finalLoss(0.05)
                .nc1(1.8, 5.7)
                .epochs(40)
                .seconds(37.3)
                .build()));
  }

  @Test
  void whatIsWrittenReadsBackEqual() {
    Path file = report().write(dir);
    assertEquals(report(), TransferReport.read(file));
  }

  @Test
  void fieldsItDoesNotKnowAreIgnored() throws Exception {
    Path file = report().write(dir);
    Files.writeString(
        file,
        Files.readString(file)
            .replace("\"method\" : \"scl\",", "\"method\" : \"scl\", \"newer\" : [1, 2],"));
    assertEquals(report(), TransferReport.read(file));
  }

  @Test
  void aResultMissingAFigureIsRefusedNamingTheFile() throws Exception {
    Path file = report().write(dir);
    Files.writeString(file, Files.readString(file).replace("\"test_accuracy\" : 0.71,", ""));
    UserException e = assertThrows(UserException.class, () -> TransferReport.read(file));
    assertTrue(
        e.getMessage().contains(file.toString()) && e.getMessage().contains("test_accuracy"),
        e.getMessage());
  }

  @Test
  void aReportFromBeforeModelsWereSavedReadsWithNoCheckpoint() throws Exception {
    TransferReport saved =
        new TransferReport(
            "runs/x",
            "epoch-0006",
            "fashion-mnist",
            new TransferReport.Downstream("mnist", 10, 8000, 2000),
            "block2",
            3.5,
            Map.of(),
            List.of(
                TransferResult.of("scl")
                    .layer("block2", "concat")
                    .parameters(20490, 94826, 0.216)
                    .accuracy(8000, 0.99, 0.71)
                    .finalLoss(0.05)
                    .epochs(5)
                    .seconds(37.3)
                    .checkpoint("scl/checkpoints/epoch-0005")
                    .build()));
    Path file = saved.write(dir);
    assertTrue(Files.readString(file).contains("\"checkpoint\" : \"scl/checkpoints/epoch-0005\""));
    assertEquals(saved, TransferReport.read(file));
    String field = ",\n    \"checkpoint\" : \"scl/checkpoints/epoch-0005\"";
    Files.writeString(file, Files.readString(file).replace(field, ""));
    assertTrue(!Files.readString(file).contains("checkpoint\" : \"scl"), Files.readString(file));
    assertEquals(null, TransferReport.read(file).results().get(0).checkpoint());
  }

  @Test
  void brokenJsonIsRefusedWithTheFix() throws Exception {
    Path file = Files.writeString(dir.resolve(TransferReport.FILE), "{\"results\": [");
    UserException e = assertThrows(UserException.class, () -> TransferReport.read(file));
    assertTrue(e.getMessage().contains("run the transfer again"), e.getMessage());
  }

  @Test
  void theBuilderRefusesAResultWithoutTheFiguresEveryMethodHas() {
    assertThrows(
        IllegalStateException.class,
        () ->
            TransferResult.of("full")
                .parameters(1, 2, 0.5)
                .accuracy(10, 0.9, 0.8)
                .seconds(1.0)
                .build());
  }
}
