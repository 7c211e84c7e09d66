package org.nclab.runtime.transfer;

import java.util.List;
import org.nclab.api.UserException;

/**
 * Reads {@code [transfer] block}: a block's name, or its 1-based index, negative from the end, or
 * {@code sweep} for every block in turn.
 */
public final class BlockChoice {
  /** The choice that fine-tunes each block in turn. */
  static final String SWEEP = "sweep";

  private BlockChoice() {}

  static boolean sweeps(String choice) {
    return SWEEP.equals(choice.trim());
  }

  /** The blocks to fine-tune: every one for {@code sweep}, else the one chosen. */
  static List<String> resolveAll(String choice, List<String> blocks) {
    return sweeps(choice) ? List.copyOf(blocks) : List.of(resolve(choice, blocks));
  }

  /** The one block {@code choice} names ({@code sweep} is not one). */
  public static String resolve(String choice, List<String> blocks) {
    if (blocks.contains(choice)) {
      return choice;
    }
    try {
      int index = Integer.parseInt(choice.trim());
      int position = index > 0 ? index - 1 : blocks.size() + index;
      if (index != 0 && position >= 0 && position < blocks.size()) {
        return blocks.get(position);
      }
    } catch (NumberFormatException notAnIndex) {
      // reported below with the names there are
    }
    throw new UserException(
        "transfer.block: '"
            + choice
            + "' is not a block of this backbone, which has "
            + blocks
            + "; give one of those names, or an index from 1 to "
            + blocks.size()
            + " (negative counts from the end), or sweep to fine-tune each in turn");
  }
}
