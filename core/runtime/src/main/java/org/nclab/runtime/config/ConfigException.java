package org.nclab.runtime.config;

import com.google.common.base.Joiner;
import com.google.common.base.Preconditions;
import java.util.List;
import org.nclab.api.UserException;

/**
 * A run's config cannot be used. Carries every problem found, not just the first, so that a user
 * fixes them all in one edit; the message lists them one per line in file order.
 */
public final class ConfigException extends UserException {
  private static final long serialVersionUID = 1L;

  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(Joiner.on('\n').join(checkNotEmpty(problems)));
    this.problems = List.copyOf(problems);
  }

  private static List<ConfigProblem> checkNotEmpty(List<ConfigProblem> problems) {
    Preconditions.checkArgument(!problems.isEmpty(), "a ConfigException needs a problem");
    return problems;
  }

  /** The problems in the order the message lists them. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
