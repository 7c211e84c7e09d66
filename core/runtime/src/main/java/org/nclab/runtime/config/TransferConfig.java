package org.nclab.runtime.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.nclab.api.options.Options;

/**
 * A transfer config, loaded and validated: the downstream run config (its dataset, the pre-trained
 * run's model without projection head, the fine-tuning {@code [train]} settings) and the {@code
 * [transfer]} table.
 *
 * @param downstream the config fine-tuning runs with
 * @param sourceRun the pre-trained run's folder, absolute
 * @param transfer values of {@link CoreSections#TRANSFER}
 */
public record TransferConfig(RunConfig downstream, Path sourceRun, Options transfer) {
  public TransferConfig {
    Objects.requireNonNull(downstream, "downstream");
    Objects.requireNonNull(sourceRun, "sourceRun");
    Objects.requireNonNull(transfer, "transfer");
  }

  public List<String> methods() {
    return transfer.getStringList("methods");
  }

  public List<Integer> shots() {
    return transfer.getIntList("shots");
  }
}
