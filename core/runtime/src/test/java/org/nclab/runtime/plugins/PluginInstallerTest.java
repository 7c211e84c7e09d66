package org.nclab.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;

class PluginInstallerTest {

  private static final String VERSION = "0.1.0";

  private final PluginInstaller installer =
      new PluginInstaller(new PluginVerifier(VERSION, kind -> Set.of()));

  @TempDir Path temp;
  private TestPluginFolders folders;
  private Path pluginsDir;

  @BeforeEach
  void folders() {
    folders = new TestPluginFolders(temp);
    pluginsDir = folders.plugins();
  }

  @Test
  void verifiedJar_isCopiedInAndLoads() throws IOException {
    Path jar = plugin("ring.jar", "ring", "2.0.0");
    PluginVerdict verdict = installer.install(jar, pluginsDir, false);
    assertTrue(verdict.passed(), verdict.toString());
    assertEquals("install", last(verdict).name());
    assertEquals("copied to " + pluginsDir.resolve("ring.jar"), last(verdict).detail());
    assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(pluginsDir.resolve("ring.jar")));
    assertEquals(List.of("ring.jar"), folderContents());
    assertLoaded("ring", "2.0.0");
  }

  @Test
  void refusedJar_isNotCopied() {
    Path jar = archive("open.jar", "open", "1.0.0").attribute("Plugin-Requires", null).build();
    PluginVerdict verdict = installer.install(jar, pluginsDir, true);
    assertFalse(verdict.passed());
    assertEquals("jar", last(verdict).name());
    assertEquals(List.of(), folderContents());
  }

  @Test
  void samePluginIdInstalled_needsForce_thenReplacesTheOldJar() {
    folders.install(plugin("ring-1.jar", "ring", "1.0.0"));
    Path newer = plugin("ring-2.jar", "ring", "2.0.0");

    PluginVerdict refused = installer.install(newer, pluginsDir, false);
    assertFalse(refused.passed());
    String line = last(refused).line();
    assertTrue(
        line.startsWith("install     REFUSED: plugin 'ring' is installed already (1.0.0 in "),
        line);
    assertTrue(line.endsWith("); pass --force to replace it with 2.0.0"), line);
    assertEquals(List.of("ring-1.jar"), folderContents());

    PluginVerdict forced = installer.install(newer, pluginsDir, true);
    assertTrue(forced.passed(), forced.toString());
    assertTrue(
        last(forced).detail().endsWith("; removed " + pluginsDir.resolve("ring-1.jar")),
        last(forced).detail());
    assertEquals(List.of("ring-2.jar"), folderContents());
    assertLoaded("ring", "2.0.0");
  }

  @Test
  void fileOfTheSameNameHoldingAnotherPlugin_isNeverOverwritten() {
    folders.install(plugin("tool.jar", "other", "1.0.0"));
    Path jar = plugin("tool.jar", "ring", "1.0.0");
    PluginVerdict verdict = installer.install(jar, pluginsDir, true);
    assertFalse(verdict.passed());
    String detail = last(verdict).detail();
    assertTrue(detail.contains("holds plugin 'other' 1.0.0, not 'ring'"), detail);
    assertTrue(detail.contains("ring-1.0.0.jar"), detail);
    assertLoaded("other", "1.0.0");
  }

  @Test
  void fileOfTheSameNameThatIsNoPlugin_needsForce() throws IOException {
    Files.writeString(pluginsDir.resolve("ring.jar"), "junk");
    Path jar = plugin("ring.jar", "ring", "1.0.0");
    PluginVerdict refused = installer.install(jar, pluginsDir, false);
    assertTrue(last(refused).detail().contains("holds no plugin in use"), refused.toString());
    assertTrue(installer.install(jar, pluginsDir, true).passed());
    assertLoaded("ring", "1.0.0");
  }

  @Test
  void jarAlreadyInTheFolder_isLeftAsItIs() {
    Path inPlace = folders.install(plugin("ring.jar", "ring", "1.0.0"));
    PluginVerdict verdict = installer.install(inPlace, pluginsDir, false);
    assertTrue(verdict.passed(), verdict.toString());
    assertEquals("it is in " + pluginsDir + " already", last(verdict).detail());
    assertEquals(List.of("ring.jar"), folderContents());
  }

  @Test
  void absentPluginsFolder_isAUserError() {
    Path jar = plugin("ring.jar", "ring", "1.0.0");
    Path absent = temp.resolve("no-plugins");
    UserException e =
        assertThrows(UserException.class, () -> installer.install(jar, absent, false));
    assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
    assertFalse(Files.exists(absent));
  }

  // ---- helpers ----

  private TestPluginArchive archive(String fileName, String pluginId, String version) {
    return folders
        .regularizerJar(fileName, pluginId, pluginId + "-reg")
        .attribute("Plugin-Version", version);
  }

  private Path plugin(String fileName, String pluginId, String version) {
    return archive(fileName, pluginId, version).build();
  }

  private List<String> folderContents() {
    return folders.pluginsFolderContents();
  }

  private void assertLoaded(String pluginId, String version) {
    try (PluginHost host = PluginHost.start(pluginsDir, VERSION)) {
      assertEquals(List.of(), host.refused());
      PluginInfo info =
          host.plugins().stream().filter(p -> p.id().equals(pluginId)).findFirst().orElseThrow();
      assertEquals(version, info.version());
    }
  }

  private static PluginCheck last(PluginVerdict verdict) {
    return verdict.checks().get(verdict.checks().size() - 1);
  }
}
