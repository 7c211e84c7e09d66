package org.nclab.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --dashboard[=PORT]} beside the CONFIG parameter. */
class TrainDashboardOptionTest {

  private static TrainCommand parse(String... args) {
    TrainCommand train = new TrainCommand();
    new CommandLine(train).parseArgs(args);
    return train;
  }

  @Test
  void aBareFlagTakesAnyFreePortAndLeavesTheConfigAlone() {
    TrainCommand train = parse("--dashboard", "configs/quickstart.toml");
    assertEquals(0, train.dashboard);
    assertEquals(Path.of("configs/quickstart.toml"), train.arguments.config);
    assertEquals(0, parse("configs/quickstart.toml", "--dashboard").dashboard);
  }

  @Test
  void anAttachedPortIsUsedAndNoFlagMeansNoDashboard() {
    TrainCommand train = parse("--dashboard=8050", "configs/quickstart.toml");
    assertEquals(8050, train.dashboard);
    assertEquals(Path.of("configs/quickstart.toml"), train.arguments.config);
    assertNull(parse("configs/quickstart.toml").dashboard);
  }
}
