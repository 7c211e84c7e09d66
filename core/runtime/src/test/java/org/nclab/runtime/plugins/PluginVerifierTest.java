package org.nclab.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.runtime.plugins.TestExtensionSources.regularizer;
import static org.nclab.runtime.plugins.TestPluginArchive.classBytes;
import static org.nclab.runtime.plugins.TestPluginFolders.REQUIRES;
import static org.nclab.runtime.plugins.TestPluginFolders.regularizerSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.tensorflow.Tensor;

class PluginVerifierTest {

  /** What the config layer reserves: a regularizer's weight (see CoreSections.commonOptions). */
  private final PluginVerifier verifier =
      new PluginVerifier(
          "0.1.0", kind -> kind == ExtensionKind.REGULARIZER ? Set.of("weight") : Set.of());

  @TempDir Path temp;
  private TestPluginFolders folders;
  private Path pluginsDir;

  @BeforeEach
  void folders() {
    folders = new TestPluginFolders(temp);
    pluginsDir = folders.plugins();
  }

  // ---- a good jar ----

  @Test
  void goodJar_passesEveryCheckAndSaysWhatItFound() {
    Path jar = goodJar("ring.jar", "ring", "ring-loss");
    PluginVerdict verdict = verifier.verify(jar, null);
    assertTrue(verdict.passed(), verdict.toString());
    assertEquals(List.of("jar", "extensions", "options"), names(verdict));
    assertLine(
        verdict,
        "jar",
        "OK: Plugin-Id 'ring', Plugin-Version 1.0.0, Plugin-Requires '"
            + REQUIRES
            + "' accepts nclab 0.1.0");
    assertLine(verdict, "extensions", "OK: regularizer 'ring-loss' (class org.example.ring.Reg)");
    assertLine(verdict, "options", "OK: regularizer 'ring-loss': radius; each documented");
    PluginInfo plugin = verdict.plugin().orElseThrow();
    assertEquals("ring", plugin.id());
    assertEquals(jar, plugin.jar(), "the user's jar, not the trial's copy");
  }

  @Test
  void goodJar_againstAPluginsFolder_isCheckedAgainstWhatIsInstalled() {
    installed("other.jar", "other", "other-reg");
    PluginVerdict verdict = verifier.verify(goodJar("ring.jar", "ring", "ring-loss"), pluginsDir);
    assertTrue(verdict.passed(), verdict.toString());
    assertLine(verdict, "installed", "OK: no id clash with the 1 plugin(s) in " + pluginsDir);
    assertEquals(List.of("other"), verdict.installed().stream().map(PluginInfo::id).toList());
  }

  @Test
  void newVersionOfAnInstalledPlugin_saysWhatItReplaces() {
    Path old = installed("ring-0.9.jar", "ring", "ring-loss");
    PluginVerdict verdict = verifier.verify(goodJar("ring.jar", "ring", "ring-loss"), pluginsDir);
    assertTrue(verdict.passed(), "its own ids are no clash: " + verdict);
    assertLine(verdict, "installed", "replaces ring 1.0.0 (" + old + ")");
  }

  @Test
  void absentPluginsFolder_checksAgainstTheCoreAlone() {
    PluginVerdict verdict =
        verifier.verify(goodJar("ring.jar", "ring", "ring-loss"), temp.resolve("nowhere"));
    assertTrue(verdict.passed(), verdict.toString());
    assertEquals(List.of("jar", "extensions", "options"), names(verdict));
  }

  @Test
  void verifyingLeavesThePluginsFolderAsItWas() {
    installed("other.jar", "other", "other-reg");
    verifier.verify(goodJar("ring.jar", "ring", "ring-loss"), pluginsDir);
    assertEquals(List.of("other.jar"), folders.pluginsFolderContents());
  }

  // ---- refusals: one line, at the check that failed, and nothing after it ----

  @Test
  void noManifest() {
    Path jar = folders.jar("bare.jar", "bare").withoutManifest().build();
    assertRefusedAt(verifier.verify(jar, null), "jar", "no META-INF/MANIFEST.MF", "Plugin-Id");
  }

  @Test
  void bundledTensorFlow() {
    Path jar =
        withGoodExtension("fat.jar", "fat")
            .entry("org/tensorflow/Tensor.class", classBytes(Tensor.class))
            .build();
    assertRefusedAt(
        verifier.verify(jar, null),
        "jar",
        "org/tensorflow/Tensor.class",
        "<scope>provided</scope>");
  }

  @Test
  void requiresANewerNclab() {
    Path jar =
        withGoodExtension("future.jar", "future").attribute("Plugin-Requires", ">=9.0.0").build();
    assertRefusedAt(
        verifier.verify(jar, null), "jar", "requires nclab >=9.0.0", "this nclab is 0.1.0");
  }

  @Test
  void noPluginRequires_isRefusedThoughTheHostWouldLoadIt() {
    Path jar = withGoodExtension("open.jar", "open").attribute("Plugin-Requires", null).build();
    assertRefusedAt(
        verifier.verify(jar, null),
        "jar",
        "has no Plugin-Requires",
        "add Plugin-Requires: >=0.1.0 & <0.2.0");
  }

  @Test
  void notNamedLikeAPlugin() throws IOException {
    Path jar =
        Files.copy(goodJar("ring.jar", "ring", "ring-loss"), folders.jars().resolve("ring.bin"));
    assertRefusedAt(verifier.verify(jar, null), "jar", "does not end in .jar or .zip");
  }

  @Test
  void extensionIdOfABuiltIn() {
    Path jar = goodJar("shadow.jar", "shadow", TestOnlyBuiltInRegularizer.ID);
    assertRefusedAt(
        verifier.verify(jar, null),
        "extensions",
        "regularizer 'test-builtin'",
        "built-ins always win");
  }

  @Test
  void constructorThrows() {
    String throwing = "throw new IllegalStateException(\"no key\");";
    Path jar =
        folders
            .jar("boom.jar", "boom")
            .extension(
                "org.example.boom.Reg", regularizer("org.example.boom.Reg", "boom-reg", throwing))
            .build();
    assertRefusedAt(
        verifier.verify(jar, null),
        "extensions",
        "org.example.boom.Reg",
        "its constructor threw IllegalStateException: no key");
  }

  @Test
  void noExtensionAtAll() {
    Path jar = folders.jar("empty.jar", "empty").build();
    assertRefusedAt(
        verifier.verify(jar, null),
        "extensions",
        "provides no extension",
        "Regularizer",
        "@org.pf4j.Extension");
  }

  @Test
  void optionWithoutDoc() {
    Path jar = jarWithOptions("List.of(OptionSpec.number(\"radius\", \" \"))");
    assertRefusedAt(verifier.verify(jar, null), "options", "option 'radius' with an empty doc");
  }

  @Test
  void optionWithAReservedName() {
    Path jar = jarWithOptions("List.of(OptionSpec.number(\"weight\", \"how much\"))");
    assertRefusedAt(
        verifier.verify(jar, null),
        "options",
        "option 'weight'",
        "[id, weight]",
        "rename the option");
  }

  @Test
  void optionDeclaredTwice() {
    Path jar =
        jarWithOptions(
            "List.of(OptionSpec.number(\"radius\", \"a\"), OptionSpec.integer(\"radius\", \"b\"))");
    assertRefusedAt(verifier.verify(jar, null), "options", "option 'radius' twice");
  }

  @Test
  void optionsThatThrow() {
    Path jar =
        jarWithOptions("List.of(OptionSpec.number(\"radius\", \"r\").defaultValue(\"big\"))");
    assertRefusedAt(verifier.verify(jar, null), "options", "threw from summary() or options()");
  }

  @Test
  void blankSummary() {
    Path jar =
        folders
            .jar("quiet.jar", "quiet")
            .extension(
                "org.example.quiet.Reg",
                regularizerSource("org.example.quiet.Reg", "quiet-reg", "", "List.of()"))
            .build();
    assertRefusedAt(verifier.verify(jar, null), "options", "has no summary()");
  }

  @Test
  void extensionIdOfAnotherInstalledPlugin() {
    Path other = installed("other.jar", "other", "shared-reg");
    PluginVerdict verdict = verifier.verify(goodJar("ring.jar", "ring", "shared-reg"), pluginsDir);
    assertRefusedAt(
        verdict, "installed", "regularizer 'shared-reg'", "plugin 'other'", other.toString());
  }

  @Test
  void notAFile_isAUserError() {
    UserException e =
        assertThrows(UserException.class, () -> verifier.verify(temp.resolve("missing.jar"), null));
    assertTrue(e.getMessage().contains("missing.jar"), e.getMessage());
  }

  // ---- helpers ----

  private Path goodJar(String fileName, String pluginId, String extensionId) {
    return folders.regularizerJar(fileName, pluginId, extensionId).build();
  }

  private Path installed(String fileName, String pluginId, String extensionId) {
    return folders.install(goodJar(fileName, pluginId, extensionId));
  }

  private TestPluginArchive withGoodExtension(String fileName, String pluginId) {
    return folders
        .jar(fileName, pluginId)
        .extension("org.example.good.Reg", regularizer("org.example.good.Reg", "good-reg"));
  }

  private Path jarWithOptions(String optionsExpression) {
    String className = "org.example.opts.Reg";
    return folders
        .jar("opts.jar", "opts")
        .extension(
            className,
            regularizerSource(className, "opts-reg", "A test regularizer.", optionsExpression))
        .build();
  }

  private static List<String> names(PluginVerdict verdict) {
    return verdict.checks().stream().map(PluginCheck::name).toList();
  }

  private static void assertLine(PluginVerdict verdict, String check, String fragment) {
    String line =
        verdict.checks().stream()
            .filter(c -> c.name().equals(check))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + check + " check in " + verdict))
            .line();
    assertTrue(line.contains(fragment), line);
  }

  /** The last check is the refused one, on one line with these fragments; nothing ran after it. */
  private static void assertRefusedAt(PluginVerdict verdict, String check, String... fragments) {
    assertFalse(verdict.passed(), verdict.toString());
    List<PluginCheck> checks = verdict.checks();
    PluginCheck last = checks.get(checks.size() - 1);
    assertEquals(check, last.name(), verdict.toString());
    assertTrue(checks.subList(0, checks.size() - 1).stream().allMatch(PluginCheck::passed));
    String line = last.line();
    assertTrue(line.startsWith(String.format("%-11s REFUSED: ", check)), line);
    assertFalse(line.contains("\n"), line);
    for (String fragment : fragments) {
      assertTrue(line.contains(fragment), "'" + fragment + "' missing from: " + line);
    }
  }
}
