package org.nclab.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.runtime.plugins.TestExtensionSources.regularizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.nclab.api.train.Regularizer;
import org.nclab.runtime.cli.PluginCheckMain;

/**
 * Behind the real screen (a child JVM checks each jar once and lists its extensions), the host
 * lists and claims a plugin's extensions from that listing and creates one only when it is used: an
 * extension a command does not use never runs in the command's JVM.
 */
class ListedExtensionsHostTest {
  private static final String VERSION = "0.1.0";
  private static final String TRAP = "org.example.trap.TrapRegularizer";
  private static final String GOOD = "org.example.fine.FineRegularizer";

  @TempDir Path temp;

  @Test
  void anUnusedExtensionIsListedButNeverCreated_andAUsedOneThatFailsHereIsAUserError()
      throws IOException {
    Path plugins = Files.createDirectories(temp.resolve("plugins"));
    Path ran = temp.resolve("trap-constructed");
    Path armed = temp.resolve("trap-armed");
    // Constructed: leaves a mark. Armed (a file the check never saw): throws.
    String body =
        "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\""
            + ran
            + "\"), \"x\"); }"
            + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }"
            + " if (java.nio.file.Files.exists(java.nio.file.Path.of(\""
            + armed
            + "\")))"
            + " throw new IllegalStateException(\"armed after its check\");";
    TestPluginArchive.jar(plugins, "trap.jar", "trap", temp.resolve("build-trap"))
        .attribute("Plugin-Requires", ">=0.1.0")
        .extension(TRAP, regularizer(TRAP, "trap-reg", body))
        .build();
    TestPluginArchive.jar(plugins, "fine.jar", "fine", temp.resolve("build-fine"))
        .attribute("Plugin-Requires", ">=0.1.0")
        .extension(GOOD, regularizer(GOOD, "fine-reg"))
        .build();
    PluginScreen screen = new IsolatedPluginScreen(PluginCheckMain.class.getName(), VERSION);

    try (PluginHost checked = PluginHost.start(plugins, VERSION, screen)) {
      assertEquals(List.of(), checked.refused(), "both pass their check");
    }
    assertTrue(Files.exists(ran), "the check in the child JVM created it");
    Files.delete(ran);
    Files.writeString(armed, "");

    try (PluginHost host = PluginHost.start(plugins, VERSION, screen)) {
      assertTrue(host.ids(ExtensionKind.REGULARIZER).contains("trap-reg"));
      List<PluginHost.Listing> listing = host.listing(ExtensionKind.REGULARIZER);
      assertTrue(
          listing.contains(new PluginHost.Listing("trap-reg", "trap", "A test regularizer.")),
          listing.toString());
      assertEquals("fine", host.providerOf(host.require(Regularizer.class, "fine-reg")));
      assertFalse(
          Files.exists(ran), "listing it and using another extension never ran its constructor");

      UserException used =
          assertThrows(UserException.class, () -> host.require(Regularizer.class, "trap-reg"));
      String expected = "regularizer 'trap-reg' of plugin 'trap' (" + plugins.resolve("trap.jar");
      assertTrue(used.getMessage().startsWith(expected), used.getMessage());
      assertTrue(used.getMessage().contains("armed after its check"), used.getMessage());
      assertTrue(Files.exists(ran), "using it created it, in this JVM");
    }
  }
}
