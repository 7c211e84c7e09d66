package org.nclab.runtime.study;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nclab.runtime.transfer.TransferResult;

/**
 * One row of results.csv: a run and one transfer of it (or the run alone when it has no transfer
 * result, with the reason in {@code status}). Grouped into the run's figures and the transfer's
 * result; {@link #cells} flattens it into the columns results.csv and results.json have always had.
 *
 * @param variant the run's name ({@code NAME_seedS} with a seeds axis)
 * @param group the variant it is a seed of; its own name without a seeds axis
 * @param seed the run's {@code run.seed} from {@code [study] seeds}, or null
 * @param status "ok", or what failed or was skipped
 * @param downstream the downstream dataset's name, or null in a study without downstreams
 * @param downstreamNc1 NC1 of the run's frozen features on the downstream training split
 * @param transfer the transfer's result, or null for a row of the run alone
 */
public record ResultRow(
    String variant,
    String group,
    Long seed,
    String status,
    Source source,
    String downstream,
    Double downstreamNc1,
    TransferResult transfer) {

  /**
   * The trained run's figures, the same in every row of its variant.
   *
   * @param settings the variant's overrides, joined by "; "
   */
  public record Source(
      String settings,
      int epochs,
      Double testAccuracy,
      Double nc1Train,
      Double nc1Test,
      Double trainSeconds) {}

  /** results.csv's header and results.json's names, in the order of {@link #cells}. */
  public static final List<String> COLUMNS =
      List.of(
          "variant",
          "group",
          "seed",
          "status",
          "settings",
          "epochs",
          "source_test_accuracy",
          "source_nc1_train",
          "source_nc1_test",
          "downstream",
          "downstream_nc1",
          "method",
          "shots_per_class",
          "draw",
          "block",
          "scl_variant",
          "batch_norm",
          "trainable_parameters",
          "total_parameters",
          "trainable_share",
          "train_accuracy",
          "test_accuracy",
          "final_loss",
          "transfer_nc1_train",
          "transfer_nc1_test",
          "transfer_seconds",
          "train_seconds");

  /** The row's values in {@link #COLUMNS} order, null where a figure does not apply. */
  public List<Object> cells() {
    return Arrays.asList(
        variant,
        group,
        seed,
        status,
        source.settings(),
        source.epochs(),
        source.testAccuracy(),
        source.nc1Train(),
        source.nc1Test(),
        downstream,
        downstreamNc1,
        ofTransfer(TransferResult::method),
        ofTransfer(TransferResult::shotsPerClass),
        ofTransfer(TransferResult::draw),
        ofTransfer(TransferResult::block),
        ofTransfer(TransferResult::variant),
        ofTransfer(TransferResult::batchNorm),
        ofTransfer(TransferResult::trainableParameters),
        ofTransfer(TransferResult::totalParameters),
        ofTransfer(TransferResult::trainableShare),
        ofTransfer(TransferResult::trainAccuracy),
        ofTransfer(TransferResult::testAccuracy),
        ofTransfer(TransferResult::finalLoss),
        ofTransfer(TransferResult::nc1Train),
        ofTransfer(TransferResult::nc1Test),
        ofTransfer(TransferResult::seconds),
        source.trainSeconds());
  }

  /** results.json's object for this row: the flat columns by name. */
  @JsonValue
  Map<String, Object> json() {
    return byName(COLUMNS, cells());
  }

  /** A flat JSON object: each cell under its column's name, in column order. */
  static Map<String, Object> byName(List<String> columns, List<Object> cells) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      json.put(columns.get(i), cells.get(i));
    }
    return json;
  }

  /** The transfer it shows, e.g. {@code linear-probe}, {@code scl block2 concat 10 shots}. */
  public String methodLabel() {
    if (transfer == null) {
      return "";
    }
    StringBuilder label = new StringBuilder(transfer.method());
    if (transfer.block() != null) {
      label.append(' ').append(transfer.block());
    }
    if (transfer.variant() != null) {
      label.append(' ').append(transfer.variant());
    }
    if (transfer.shotsPerClass() != null) {
      label.append(' ').append(transfer.shotsPerClass()).append(" shots");
    }
    return label.toString();
  }

  private Object ofTransfer(Function<TransferResult, Object> figure) {
    return transfer == null ? null : figure.apply(transfer);
  }
}
