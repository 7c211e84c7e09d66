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
        "runs/x", "epoch-0006", "fashion-mnist", new TransferReport.Downstream("mnist", 10, 8000, 2000), "block2", 3.5,
        Map.of("methods", List.of("linear-probe", "scl")),
        List.of(
            new TransferResult("linear-probe", null, null, null, 1290, 94186, 0.0137, 8000, 0.97, 0.93, 0.13, 5.1, 4.9,
                null, 389, true, 13.6),
            new TransferResult("scl", 10, "block2", "concat", 20490, 94826, 0.216, 100, 0.99, 0.71, 0.05, 1.8, 5.7,
                40, null, null, 37.3)));
  }

  @Test
  void whatIsWrittenReadsBackEqual() {
    Path file = report().write(dir);
    assertEquals(report(), TransferReport.read(file));
  }

  @Test
  void fieldsItDoesNotKnowAreIgnored() throws Exception {
    Path file = report().write(dir);
    Files.writeString(file, Files.readString(file).replace("\"method\" : \"scl\",", "\"method\" : \"scl\", \"newer\" : [1, 2],"));
    assertEquals(report(), TransferReport.read(file));
  }

  @Test
  void aResultMissingAFigureIsRefusedNamingTheFile() throws Exception {
    Path file = report().write(dir);
    Files.writeString(file, Files.readString(file).replace("\"test_accuracy\" : 0.71,", ""));
    UserException e = assertThrows(UserException.class, () -> TransferReport.read(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("test_accuracy"), e.getMessage());
  }

  @Test
  void aReportFromBeforeModelsWereSavedReadsWithNoCheckpoint() throws Exception {
    TransferReport saved = new TransferReport(
        "runs/x", "epoch-0006", "fashion-mnist", new TransferReport.Downstream("mnist", 10, 8000, 2000), "block2", 3.5,
        Map.of(), List.of(new TransferResult("scl", null, "block2", "concat", 20490, 94826, 0.216, 8000, 0.99, 0.71,
            0.05, null, null, 5, null, null, 37.3, "scl/checkpoints/epoch-0005")));
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
}
