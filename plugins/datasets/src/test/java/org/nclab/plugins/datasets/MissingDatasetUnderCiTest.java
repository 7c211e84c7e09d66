package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The real-data test {@code IdxDatasetProviderTest#realFashionMnist}, run through the JUnit
 * Platform with its dataset location pointed at an empty folder: under CI it must fail with the
 * reason (a green CI run cannot hide a test that checked nothing), elsewhere it skips.
 */
class MissingDatasetUnderCiTest {
  @TempDir Path empty;

  @Test
  void underCiAMissingDatasetFailsTheTestWithTheReason() {
    TestExecutionSummary summary = runRealFashionMnist("true");
    assertEquals(1, summary.getTestsFailedCount(), "failed under CI=true");
    assertEquals(0, summary.getTestsAbortedCount());
    String reason = summary.getFailures().get(0).getException().getMessage();
    assertTrue(
        reason.contains("missing prerequisite under CI=true")
            && reason.contains("Fashion-MNIST not installed"),
        reason);
  }

  @Test
  void elsewhereAMissingDatasetSkipsTheTestSayingWhy() {
    TestExecutionSummary summary = runRealFashionMnist("false");
    assertEquals(0, summary.getTestsFailedCount());
    assertEquals(1, summary.getTestsAbortedCount(), "skipped (aborted) outside CI");
  }

  private TestExecutionSummary runRealFashionMnist(String ci) {
    String previousCi = System.getProperty("nclab.ci");
    String previousFolder = System.getProperty("nclab.test.fashion-mnist");
    System.setProperty("nclab.ci", ci);
    System.setProperty("nclab.test.fashion-mnist", empty.toString());
    try {
      LauncherDiscoveryRequest request =
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectMethod(IdxDatasetProviderTest.class, "realFashionMnist"))
              .build();
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(request, listener);
      TestExecutionSummary summary = listener.getSummary();
      assertEquals(1, summary.getTestsStartedCount(), "the real-data test ran");
      return summary;
    } finally {
      restore("nclab.ci", previousCi);
      restore("nclab.test.fashion-mnist", previousFolder);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
