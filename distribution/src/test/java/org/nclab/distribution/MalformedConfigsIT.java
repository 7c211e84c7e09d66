package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handful of the malformed configs of core's MalformedTomlCorpusTest through bin/nclab, where the
 * JVM's own limits (stack size, heap) are the launcher's: exit 2, one line naming the file and
 * line, no trace.
 */
class MalformedConfigsIT {
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;

  @Test
  void malformedConfigsExit2WithALineThroughTheLauncher() throws Exception {
    Map<String, String> bad =
        Map.of(
            "nested-2000", "widths = " + "[".repeat(2000) + "]".repeat(2000),
            "array-300000", "widths = [" + "1,".repeat(300_000) + "1]",
            "arabic-zero", "batch_size = \u0660",
            "int-too-big", "batch_size = 99999999999999999999999",
            "bad-uni-esc", "note = \"\\u00ZZ\"");
    for (Map.Entry<String, String> c : bad.entrySet()) {
      Path file = work.resolve(c.getKey() + ".toml");
      Files.writeString(
          file,
          "[run]\nname = \"m\"\n[dataset]\nid = \"synthetic\"\n[train]\nepochs = 1\n"
              + c.getValue()
              + "\n[model]\nid = \"mlp\"\n");
      var result = nclab.run(work, "validate", file.toString());
      String what =
          c.getKey()
              + ":\n"
              + (result.all().length() > 2000 ? result.all().substring(0, 2000) : result.all());
      assertEquals(2, result.exitCode(), what);
      List<String> errors = result.err().lines().filter(l -> l.startsWith("error: ")).toList();
      assertEquals(1, errors.size(), what);
      assertTrue(errors.get(0).contains(file + ":7:"), what);
      assertFalse(result.all().contains("\tat "), what);
    }
    var zero = nclab.run(work, "validate", "/dev/zero");
    assertEquals(2, zero.exitCode(), zero.all());
    assertTrue(zero.err().contains("longer than 1048576 characters"), zero.all());
  }
}
