package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;

/** transfer.json as the transfer issue's contract shapes it (src/test/resources/study/transfer-sample.json). */
class TransferResultsTest {
  @TempDir Path dir;

  static Path sample() throws Exception {
    return Path.of(TransferResultsTest.class.getResource("/study/transfer-sample.json").toURI());
  }

  @Test
  void readsTheContractsSample_ignoringFieldsItDoesNotKnow() throws Exception {
    TransferResults results = TransferResults.read(sample());
    assertEquals("runs/x", results.sourceRun());
    assertEquals(10, results.downstream().classes());
    assertEquals(2, results.results().size());
    TransferResults.Result probe = results.results().get(0);
    assertEquals("linear-probe", probe.method());
    assertNull(probe.shotsPerClass());
    assertNull(probe.block());
    assertEquals(1290L, probe.trainableParameters());
    assertEquals(0.88, probe.testAccuracy());
    assertEquals(1.2, probe.nc1Train());
    TransferResults.Result scl = results.results().get(1);
    assertEquals(10, scl.shotsPerClass());
    assertEquals("block2", scl.block());
    assertEquals("concat", scl.variant());
  }

  @Test
  void aResultWithoutTestAccuracy_isRefusedNamingTheFile() throws Exception {
    Path file = dir.resolve("transfer.json");
    Files.writeString(file, "{\"results\": [{\"method\": \"full\"}]}");
    UserException e = assertThrows(UserException.class, () -> TransferResults.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("test_accuracy"), e.getMessage());
  }

  @Test
  void brokenJson_isRefusedWithTheFix() throws Exception {
    Path file = dir.resolve("transfer.json");
    Files.writeString(file, "{\"results\": [");
    UserException e = assertThrows(UserException.class, () -> TransferResults.read(file));
    assertTrue(e.getMessage().contains("run the study again"), e.getMessage());
  }
}
