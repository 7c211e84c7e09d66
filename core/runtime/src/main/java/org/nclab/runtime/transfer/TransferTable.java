package org.nclab.runtime.transfer;

import java.util.List;
import org.nclab.runtime.text.Numbers;

/** The console table of transfer results: one aligned line per method and training-set size. */
public final class TransferTable {
  private TransferTable() {}

  public static String header() {
    return String.format(
        "%-12s %6s %-7s %10s %7s %9s %8s %9s %8s %7s",
        "method",
        "shots",
        "block",
        "trained",
        "share",
        "train acc",
        "test acc",
        "nc1 train",
        "nc1 test",
        "seconds");
  }

  public static String row(TransferResult r) {
    return String.format(
        "%-12s %6s %-7s %,10d %7s %9.4f %8.4f %9s %8s %7.1f",
        r.method() + (r.variant() == null ? "" : "/" + r.variant()),
        (r.shotsPerClass() == null ? "all" : r.shotsPerClass().toString())
            + (r.draw() == null ? "" : "#" + r.draw()),
        r.block() == null ? "-" : r.block(),
        r.trainableParameters(),
        Numbers.percent(r.trainableShare()),
        r.trainAccuracy(),
        r.testAccuracy(),
        number(r.nc1Train()),
        number(r.nc1Test()),
        r.seconds());
  }

  /** The whole table: header and rows, then a block sweep's best blocks. */
  public static String of(List<TransferResult> results) {
    StringBuilder table = new StringBuilder(header()).append('\n');
    results.forEach(r -> table.append(row(r)).append('\n'));
    BlockSweep.best(results).forEach(b -> table.append(b.sentence()).append('\n'));
    return table.toString();
  }

  private static String number(Double value) {
    return value == null ? "-" : Numbers.measurement(value, 4);
  }
}
