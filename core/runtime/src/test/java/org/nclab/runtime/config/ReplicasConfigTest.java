package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;
import org.nclab.runtime.graph.Replication;
import org.nclab.runtime.run.Replicas;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.VisibleDevices;

/** {@code [run] replicas} against the devices TensorFlow sees on this machine. */
class ReplicasConfigTest {
  private static final Path ROOT = ConfigTestFiles.resourceRoot();
  private final FakeExtensions.MapCatalog catalog = FakeExtensions.standardCatalog();

  private RunConfig load(String... overrides) {
    return new ConfigLoader(ROOT)
        .load(Path.of("configs", "good", "minimal.toml"), List.of(overrides), catalog);
  }

  private static long gpus() {
    return VisibleDevices.list(SessionSettings.defaults().configProto()).stream()
        .filter(VisibleDevices.Device::isGpu)
        .count();
  }

  @Test
  void moreReplicasThanDevicesIsOneLineNamingTheKeyAndTheLimit() {
    assumeTrue(
        gpus() == 0,
        "a machine without a GPU: replicas are virtual CPU devices, one per core at most");
    int cores = Runtime.getRuntime().availableProcessors();
    int replicas = cores + 1;
    RunConfig config = load("run.replicas=" + replicas, "train.batch_size=" + 4 * replicas);
    UserException e = assertThrows(UserException.class, () -> Replicas.resolve(config));
    assertTrue(
        e.getMessage().startsWith("run.replicas = " + replicas + " but this machine has no GPU"),
        e.getMessage());
    assertTrue(e.getMessage().contains("set replicas to at most " + cores), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    // Commands that only evaluate the run build one tower instead (train and validate refuse).
    assertEquals(Replication.SINGLE, Replicas.resolveOrSingle(config));
  }

  @Test
  void withoutAGpuAutoIsOneAndACountIsThatManyCpuDevices() {
    assumeTrue(
        gpus() == 0 && Runtime.getRuntime().availableProcessors() >= 2,
        "a CPU-only machine with 2 cores");
    assertEquals(Replication.SINGLE, Replicas.resolve(load("run.replicas=\"auto\"")));
    assertEquals(Replication.SINGLE, Replicas.resolve(load()));
    assertEquals(
        new Replication(2, false, true),
        Replicas.resolve(load("run.replicas=2", "model.sync_batch_norm=true")));
    assertEquals(2, SessionSettings.of(load("run.replicas=2")).cpuDevices());
    assertEquals(
        2, VisibleDevices.list(SessionSettings.of(load("run.replicas=2")).configProto()).size());
  }
}
