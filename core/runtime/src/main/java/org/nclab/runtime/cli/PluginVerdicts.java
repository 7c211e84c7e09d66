package org.nclab.runtime.cli;

import java.io.PrintStream;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.nclab.api.NclabApi;
import org.nclab.api.options.OptionSpec;
import org.nclab.runtime.config.CoreSections;
import org.nclab.runtime.plugins.IsolatedPluginScreen;
import org.nclab.runtime.plugins.PluginCheck;
import org.nclab.runtime.plugins.PluginScreen;
import org.nclab.runtime.plugins.PluginVerdict;
import org.nclab.runtime.plugins.PluginVerifier;

/** What {@code nclab plugins verify} and {@code install} share: the verifier and the printout. */
final class PluginVerdicts {

  private PluginVerdicts() {}

  /**
   * A verifier for this nclab, reserving the option names the config layer reads itself in each
   * kind's tables, so that a plugin hears of a clash before a user's config does.
   */
  static PluginVerifier verifier() {
    return verifier(screen());
  }

  static PluginVerifier verifier(PluginScreen screen) {
    return new PluginVerifier(
        NclabApi.VERSION,
        kind ->
            CoreSections.commonOptions(kind).stream()
                .map(OptionSpec::name)
                .collect(Collectors.toCollection(TreeSet::new)),
        screen);
  }

  /**
   * What every plugin jar passes before this JVM loads it: the verifier's checks, run in a child
   * JVM ({@link PluginCheckMain}) with a time limit, so that a plugin cannot end or hang nclab.
   */
  static PluginScreen screen() {
    return new IsolatedPluginScreen(PluginCheckMain.class.getName(), NclabApi.VERSION);
  }

  /**
   * Prints one line per check, then the verdict; returns the exit code: 0 when the jar passed, 2
   * (bad input) when it was refused.
   *
   * @param passed what the last line says after {@code verdict: OK, }
   * @param refused what it says after {@code verdict: REFUSED; }
   */
  static int print(PrintStream out, PluginVerdict verdict, String passed, String refused) {
    for (PluginCheck check : verdict.checks()) {
      out.println("  " + check.line());
    }
    if (verdict.passed()) {
      out.println("verdict: OK, " + passed);
      return 0;
    }
    out.println("verdict: REFUSED; " + refused);
    return NclabCommand.EXIT_USER_ERROR;
  }
}
