package org.nclab.api.options;

import java.util.List;
import java.util.Objects;

/**
 * Options of one table that are each valid but do not fit together, found by {@link
 * org.nclab.api.Extension#conflicts(Options)}. The runtime reports it at the first of {@code
 * options} the user wrote (with its file and line, or {@code --set}) and says which of the others
 * are defaults, so a user is never blamed for a key they did not write.
 *
 * @param options the option names involved, the most likely one to change first
 * @param message what does not fit and how to fix it, without the table's name
 */
public record OptionConflict(List<String> options, String message) {
  public OptionConflict {
    options = List.copyOf(options);
    Objects.requireNonNull(message, "message");
    if (options.isEmpty()) {
      throw new IllegalArgumentException("an OptionConflict names at least one option");
    }
  }
}
