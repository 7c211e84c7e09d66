package org.nclab.runtime.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.nclab.runtime.plugins.IsolatedPluginScreen;
import org.nclab.runtime.plugins.PluginCheck;
import org.nclab.runtime.plugins.PluginScreen;
import org.nclab.runtime.plugins.PluginVerdict;

/**
 * The child JVM of {@link IsolatedPluginScreen}: runs {@code nclab plugins verify}'s checks on each
 * jar named on the command line and answers in the screen's line protocol on standard output. A
 * plugin's own printing goes to standard error, which the parent discards.
 */
public final class PluginCheckMain {
  private PluginCheckMain() {}

  public static void main(String[] jars) {
    PrintStream answers =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    AtomicInteger current = new AtomicInteger(-1);
    // Runs when a plugin calls System.exit (Runtime.halt skips it): tells the parent which.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> answers.println("exit\t" + current.get()), "nclab-exit"));
    var verifier = PluginVerdicts.verifier(PluginScreen.NONE);
    for (int i = 0; i < jars.length; i++) {
      current.set(i);
      answers.println("begin\t" + i);
      String answer;
      try {
        PluginVerdict verdict = verifier.verify(Path.of(jars[i]), null);
        if (verdict.passed()) {
          for (var listed : verdict.listing()) {
            answers.println("listed\t" + i + "\t" + listed.line());
          }
        }
        answer =
            verdict.passed()
                ? "passed\t" + i
                : "refused\t"
                    + i
                    + "\t"
                    + verdict.checks().stream()
                        .filter(check -> !check.passed())
                        .map(PluginCheck::detail)
                        .findFirst()
                        .orElse("refused");
      } catch (RuntimeException | LinkageError e) {
        answer = "refused\t" + i + "\tchecking it failed: " + e;
      }
      answers.println(answer.replaceAll("\\s*\\R\\s*", " "));
    }
    answers.println("done");
    answers.flush();
    // A plugin's non-daemon threads must not keep this JVM alive, nor may the hook report an exit.
    Runtime.getRuntime().halt(0);
  }
}
