package org.nclab.runtime.slurm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.config.CoreSections;

/**
 * gpus_per_task = N reaches the runs of a job as NCLAB_SLURM_GPUS_PER_TASK, their default replicas.
 */
class BatchScriptReplicasTest {

  @Test
  void aJobWithGpusExportsTheirCountAndOneWithoutDoesNot(@TempDir Path dir) throws IOException {
    SlurmSettings gpus =
        SlurmSettings.of(
            Map.of("gpus_per_task", 4L),
            (key, message) -> {
              throw new AssertionError(key + ": " + message);
            });
    Path withGpus = dir.resolve("gpus.sbatch");
    BatchScript.write(withGpus, "test", gpus.sbatchOptions(), dir, List.of("set -- true"));
    String text = Files.readString(withGpus);
    assertTrue(text.contains("#SBATCH --gres=gpu:4\n"), text);
    assertTrue(text.contains("\nexport " + CoreSections.SLURM_GPUS_ENV + "=4\n"), text);

    SlurmSettings none =
        SlurmSettings.of(
            Map.of(),
            (key, message) -> {
              throw new AssertionError(key + ": " + message);
            });
    Path withoutGpus = dir.resolve("cpu.sbatch");
    BatchScript.write(withoutGpus, "test", none.sbatchOptions(), dir, List.of("set -- true"));
    assertFalse(Files.readString(withoutGpus).contains(CoreSections.SLURM_GPUS_ENV));
  }
}
