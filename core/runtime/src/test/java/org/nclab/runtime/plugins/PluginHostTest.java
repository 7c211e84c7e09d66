package org.nclab.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.runtime.plugins.TestExtensionSources.datasetProvider;
import static org.nclab.runtime.plugins.TestExtensionSources.regularizer;
import static org.nclab.runtime.plugins.TestPluginArchive.classBytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.Extension;
import org.nclab.api.UserException;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.train.Regularizer;
import org.nclab.runtime.losses.CrossEntropyRegularizer;
import org.pf4j.PluginClassLoader;
import org.tensorflow.Tensor;

class PluginHostTest {

  private static final String VERSION = "0.1.0";
  private static final String GOOD_REG = "org.example.good.GoodRegularizer";
  private static final String GOOD_DATA = "org.example.good.GoodDataset";

  @TempDir Path temp;
  private Path pluginsDir;
  private Path scratch;

  @BeforeEach
  void folders() throws IOException {
    pluginsDir = Files.createDirectories(temp.resolve("plugins"));
    scratch = temp.resolve("build");
  }

  // ---- the core alone ----

  @Test
  void start_withoutPluginsFolder_loadsTheBuiltInsOnly() {
    try (PluginHost host = PluginHost.start(null, VERSION)) {
      assertCoreOnly(host);
    }
  }

  @Test
  void start_absentPluginsFolder_loadsTheBuiltInsOnly() {
    try (PluginHost host = PluginHost.start(temp.resolve("no-such-folder"), VERSION)) {
      assertCoreOnly(host);
    }
  }

  @Test
  void start_emptyPluginsFolder_loadsTheBuiltInsOnly() {
    try (PluginHost host = start()) {
      assertCoreOnly(host);
    }
  }

  @Test
  void start_pluginsFolderIsAFile_isAUserError() throws IOException {
    Path file = Files.writeString(temp.resolve("plugins.txt"), "not a folder");
    UserException e = assertThrows(UserException.class, () -> PluginHost.start(file, VERSION));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void start_systemVersionNotSemVer_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> PluginHost.start(null, "latest"));
  }

  // ---- a good plugin ----

  @Test
  void goodPlugin_extensionsAreFoundByIdAndKind() {
    goodPlugin();
    try (PluginHost host = start()) {
      assertGoodPluginWorks(host);
      assertEquals(
          List.of(CrossEntropyRegularizer.ID, "good-reg", TestOnlyBuiltInRegularizer.ID),
          host.ids(ExtensionKind.REGULARIZER));
      assertEquals(List.of("good-data"), host.ids(ExtensionKind.DATASET));
      assertEquals(List.of("cnn", "mlp", "resnet"), host.ids(ExtensionKind.MODEL));
      assertTrue(host.find(ExtensionKind.DATASET, "good-reg").isEmpty(), "kinds are separate");
      assertEquals(List.of(), host.refused());
    }
  }

  @Test
  void goodPlugin_isListedWithItsManifestAndIds() {
    Path jar =
        jar("good.jar", "good")
            .attribute("Plugin-Version", "2.3.4")
            .attribute("Plugin-Requires", ">=0.1.0")
            .attribute("Plugin-Provider", "Example Lab")
            .extension(GOOD_REG, regularizer(GOOD_REG, "good-reg"))
            .extension(GOOD_DATA, datasetProvider(GOOD_DATA, "good-data"))
            .build();
    try (PluginHost host = start()) {
      PluginInfo info = host.plugins().get(0);
      assertEquals(
          new PluginInfo(
              "good",
              "2.3.4",
              ">=0.1.0",
              "Example Lab",
              jar,
              Map.of(
                  ExtensionKind.DATASET, List.of("good-data"),
                  ExtensionKind.REGULARIZER, List.of("good-reg"))),
          info);
      assertEquals(
          List.of(ExtensionKind.DATASET, ExtensionKind.REGULARIZER),
          List.copyOf(info.extensionIds().keySet()));
    }
  }

  @Test
  void goodPlugin_linksAgainstTheHostsTensorFlowAndApi() throws Exception {
    goodPlugin();
    try (PluginHost host = start()) {
      Regularizer regularizer = host.require(Regularizer.class, "good-reg");
      ClassLoader pluginLoader = regularizer.getClass().getClassLoader();
      assertInstanceOf(HostFirstClassLoader.class, pluginLoader);
      // The plugin's own class comes from its jar ...
      assertNotSame(getClass().getClassLoader(), pluginLoader);
      // ... but the Tensor its code was linked against is the host's very Class object.
      Object linkedTensor = regularizer.getClass().getMethod("tensorClass").invoke(null);
      assertSame(Tensor.class, linkedTensor);
      assertSame(Tensor.class, pluginLoader.loadClass("org.tensorflow.Tensor"));
      assertSame(Extension.class, pluginLoader.loadClass("org.nclab.api.Extension"));
    }
  }

  @Test
  void goodPlugin_asZip_isUnpackedAndLoaded() {
    Path zip =
        TestPluginArchive.zip(pluginsDir, "zipped.zip", "zipped", scratch)
            .extension(
                "org.example.zipped.ZipReg", regularizer("org.example.zipped.ZipReg", "zip-reg"))
            .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertGoodPluginWorks(host);
      Regularizer zipped = host.require(Regularizer.class, "zip-reg");
      assertEquals("zipped", host.providerOf(zipped));
      assertEquals(zip, info(host, "zipped").jar());
    }
  }

  @Test
  void require_unknownId_listsTheKnownIds() {
    goodPlugin();
    try (PluginHost host = start()) {
      UserException e =
          assertThrows(UserException.class, () -> host.require(Regularizer.class, "good-regg"));
      assertEquals(
          "unknown regularizer 'good-regg'; expected one of: cross-entropy, good-reg, test-builtin;"
              + " check the spelling, or put the plugin jar that provides it into the plugins"
              + " folder ('nclab plugins' lists what is loaded)",
          e.getMessage());
    }
  }

  @Test
  void require_kindWithNothingLoaded_saysSo() {
    try (PluginHost host = start()) {
      UserException e =
          assertThrows(UserException.class, () -> host.require(DatasetProvider.class, "mnist"));
      assertTrue(e.getMessage().contains("no dataset is loaded at all"), e.getMessage());
    }
  }

  @Test
  void providerOf_anExtensionFromElsewhere_isRejected() {
    try (PluginHost host = start()) {
      assertThrows(
          IllegalArgumentException.class, () -> host.providerOf(new TestOnlyBuiltInRegularizer()));
    }
  }

  @Test
  void close_closesThePluginClassLoaders() {
    goodPlugin();
    PluginHost host = start();
    PluginClassLoader loader =
        (PluginClassLoader) host.require(Regularizer.class, "good-reg").getClass().getClassLoader();
    host.close();
    assertTrue(loader.isClosed());
  }

  @Test
  void sameIdInDifferentKinds_isNoClash() {
    jar("other.jar", "other")
        .extension("org.example.other.Data", datasetProvider("org.example.other.Data", "good-reg"))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertGoodPluginWorks(host);
      assertEquals("other", host.providerOf(host.require(DatasetProvider.class, "good-reg")));
    }
  }

  @Test
  void pluginWithoutExtensionIndex_providesNothingAndDoesNotClaimTheBuiltIns() {
    // PF4J reads a plugin's index plugin-first but falls back to the host's.
    jar("empty.jar", "empty").build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertGoodPluginWorks(host);
      assertEquals(Map.of(), info(host, "empty").extensionIds());
      assertEquals(List.of(), host.refused());
      assertEquals(Provider.CORE_ID, host.providerOf(builtIn(host)));
    }
  }

  @Test
  void exactPluginRequires_meansThisVersionOrLater() {
    jar("exact.jar", "exact").attribute("Plugin-Requires", "0.1.0").build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertEquals(List.of(), host.refused());
      assertEquals("0.1.0", info(host, "exact").requires());
    }
  }

  // ---- refusals: each names the jar and the fix, and the good plugin keeps working ----

  @Test
  void fatJarBundlingTensorFlow_isRefusedBeforeLoading() {
    jar("fat.jar", "fat")
        .extension("org.example.fat.FatReg", regularizer("org.example.fat.FatReg", "fat-reg"))
        .entry("org/tensorflow/Tensor.class", classBytes(Tensor.class))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(
          host,
          "fat.jar",
          "org/tensorflow/Tensor.class",
          "package org.tensorflow",
          "<scope>provided</scope>");
      assertTrue(host.find(ExtensionKind.REGULARIZER, "fat-reg").isEmpty());
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void zipBundlingTensorFlowInLib_isRefused() {
    TestPluginArchive.zip(pluginsDir, "fat.zip", "fat", scratch)
        .libJar(
            "tensorflow-core-api.jar",
            Map.of("org/tensorflow/Tensor.class", classBytes(Tensor.class)))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "fat.zip", "lib/tensorflow-core-api.jar!/org/tensorflow/Tensor.class");
      assertFalse(Files.exists(pluginsDir.resolve("fat")), "a refused zip is not unpacked");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void jarWithoutManifest_isRefused() {
    jar("bare.jar", "bare")
        .withoutManifest()
        .extension("org.example.bare.BareReg", regularizer("org.example.bare.BareReg", "bare-reg"))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "bare.jar", "no META-INF/MANIFEST.MF", "Plugin-Id", "Plugin-Version");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void manifestWithoutIdOrVersion_isRefusedNamingBoth() {
    jar("anonymous.jar", "x")
        .attribute("Plugin-Id", null)
        .attribute("Plugin-Version", null)
        .build();
    jar("unversioned.jar", "unversioned").attribute("Plugin-Version", null).build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "anonymous.jar", "has no Plugin-Id and no Plugin-Version");
      RefusedPlugin unversioned = assertRefused(host, "unversioned.jar", "has no Plugin-Version");
      assertFalse(unversioned.reason().contains("no Plugin-Id"), unversioned.reason());
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void pluginRequiringANewerNclab_isRefusedNamingBothVersions() {
    jar("future.jar", "future")
        .attribute("Plugin-Requires", ">=9.0.0")
        .extension(
            "org.example.future.FutureReg",
            regularizer("org.example.future.FutureReg", "future-reg"))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "future.jar", "requires nclab >=9.0.0", "this nclab is 0.1.0");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void pluginRequiresThatIsNoVersionRange_isRefused() {
    jar("odd.jar", "odd").attribute("Plugin-Requires", "banana").build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "odd.jar", "Plugin-Requires 'banana' is not a version range");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void corruptJar_isRefused() throws IOException {
    Files.writeString(pluginsDir.resolve("broken.jar"), "this is not a zip archive");
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "broken.jar", "not a readable zip archive", "replace it");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void duplicatePluginId_secondJarInNameOrderIsRefused() {
    jar("a-first.jar", "twin")
        .extension("org.example.twin1.Reg", regularizer("org.example.twin1.Reg", "twin-one"))
        .build();
    jar("b-second.jar", "twin")
        .extension("org.example.twin2.Reg", regularizer("org.example.twin2.Reg", "twin-two"))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "b-second.jar", "Plugin-Id 'twin'", "a-first.jar");
      assertTrue(host.find(ExtensionKind.REGULARIZER, "twin-one").isPresent());
      assertTrue(host.find(ExtensionKind.REGULARIZER, "twin-two").isEmpty());
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void sameExtensionIdInTwoPlugins_theOlderJarKeepsIt_whicheverSortsFirst() throws IOException {
    jar("a-dup.jar", "dup-a")
        .extension("org.example.dupa.Reg", regularizer("org.example.dupa.Reg", "dup-reg"))
        .build();
    jar("b-dup.jar", "dup-b")
        .extension("org.example.dupb.Reg", regularizer("org.example.dupb.Reg", "dup-reg"))
        .extension("org.example.dupb.Other", regularizer("org.example.dupb.Other", "dup-b-only"))
        .build();
    goodPlugin();
    // b-dup sorts last but has been in the folder longer: a dropped-in jar cannot take its id.
    Files.setLastModifiedTime(pluginsDir.resolve("a-dup.jar"), FileTime.fromMillis(2_000_000));
    Files.setLastModifiedTime(pluginsDir.resolve("b-dup.jar"), FileTime.fromMillis(1_000_000));
    try (PluginHost host = start()) {
      assertRefused(
          host,
          "a-dup.jar",
          "regularizer 'dup-reg'",
          "plugin 'dup-b'",
          "in the plugins folder longer");
      assertEquals("dup-b", host.providerOf(host.require(Regularizer.class, "dup-reg")));
    }
    // Exactly as old: neither keeps it.
    Files.setLastModifiedTime(pluginsDir.resolve("a-dup.jar"), FileTime.fromMillis(1_000_000));
    try (PluginHost host = start()) {
      assertRefused(
          host, "a-dup.jar", "regularizer 'dup-reg'", "exactly as old, so neither is loaded");
      assertRefused(
          host, "b-dup.jar", "regularizer 'dup-reg'", "exactly as old, so neither is loaded");
      assertTrue(host.find(ExtensionKind.REGULARIZER, "dup-reg").isEmpty());
      assertGoodPluginWorks(host);
    }
    Files.setLastModifiedTime(pluginsDir.resolve("b-dup.jar"), FileTime.fromMillis(3_000_000));
    try (PluginHost host = start()) {
      assertRefused(
          host,
          "b-dup.jar",
          "regularizer 'dup-reg'",
          "org.example.dupb.Reg",
          "plugin 'dup-a'",
          "a-dup.jar",
          "org.example.dupa.Reg");
      assertEquals("dup-a", host.providerOf(host.require(Regularizer.class, "dup-reg")));
      assertTrue(
          host.find(ExtensionKind.REGULARIZER, "dup-b-only").isEmpty(),
          "a refused plugin contributes nothing");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void sameExtensionIdAsABuiltIn_theBuiltInKeepsIt() {
    jar("shadow.jar", "shadow")
        .extension(
            "org.example.shadow.Reg",
            regularizer("org.example.shadow.Reg", TestOnlyBuiltInRegularizer.ID))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(
          host,
          "shadow.jar",
          "regularizer 'test-builtin'",
          "nclab's core",
          TestOnlyBuiltInRegularizer.class.getName(),
          "built-ins always win");
      assertEquals(Provider.CORE_ID, host.providerOf(builtIn(host)));
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void sameExtensionIdTwiceInOnePlugin_isRefused() {
    jar("twice.jar", "twice")
        .extension("org.example.twice.A", regularizer("org.example.twice.A", "twice-reg"))
        .extension("org.example.twice.B", regularizer("org.example.twice.B", "twice-reg"))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(
          host, "twice.jar", "'twice-reg' twice", "org.example.twice.A", "org.example.twice.B");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void extensionWhoseConstructorThrows_isRefusedWithTheExceptionMessage() {
    jar("throwing.jar", "throwing")
        .extension(
            "org.example.throwing.Reg",
            regularizer(
                "org.example.throwing.Reg",
                "throwing-reg",
                "throw new IllegalStateException(\"no licence key in NCLAB_LICENCE\");"))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(
          host,
          "throwing.jar",
          "org.example.throwing.Reg",
          "its constructor threw IllegalStateException: no licence key in NCLAB_LICENCE");
      assertTrue(host.plugins().stream().noneMatch(plugin -> plugin.id().equals("throwing")));
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void indexedClassMissingFromTheJar_isRefused() {
    jar("ghost.jar", "ghost")
        .entry(
            "META-INF/extensions.idx", "org.example.ghost.Ghost\n".getBytes(StandardCharsets.UTF_8))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "ghost.jar", "lists org.example.ghost.Ghost", "cannot be loaded");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void extensionWithAnInvalidId_isRefused() {
    jar("shouty.jar", "shouty")
        .extension("org.example.shouty.Reg", regularizer("org.example.shouty.Reg", "Shouty_Reg"))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "shouty.jar", "id() 'Shouty_Reg'", "lower-case words joined by dashes");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void pluginClassWhoseStartThrows_isRefused() {
    String pluginClass = "org.example.failing.FailingPlugin";
    jar("failing.jar", "failing")
        .attribute("Plugin-Class", pluginClass)
        .source(
            pluginClass,
            """
            package org.example.failing;
            public class FailingPlugin extends org.pf4j.Plugin {
              @Override public void start() { throw new IllegalStateException("cannot start"); }
            }
            """)
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "failing.jar", pluginClass, "IllegalStateException: cannot start");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void pluginsDependingOnARefusedPlugin_areRefusedToo() {
    // One dependent sorts before the refused plugin and one after: both must go.
    jar("a-user.jar", "user-a")
        .attribute("Plugin-Dependencies", "base")
        .extension("org.example.usera.Reg", regularizer("org.example.usera.Reg", "user-a-reg"))
        .build();
    jar("m-base.jar", "base")
        .extension(
            "org.example.base.Reg",
            regularizer(
                "org.example.base.Reg", "base-reg", "throw new IllegalStateException(\"x\");"))
        .build();
    jar("z-user.jar", "user-z")
        .attribute("Plugin-Dependencies", "base")
        .extension("org.example.userz.Reg", regularizer("org.example.userz.Reg", "user-z-reg"))
        .build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "m-base.jar", "constructor threw");
      assertRefused(host, "a-user.jar", "[base]");
      assertRefused(host, "z-user.jar", "[base]");
      assertTrue(host.find(ExtensionKind.REGULARIZER, "user-a-reg").isEmpty());
      assertTrue(host.find(ExtensionKind.REGULARIZER, "user-z-reg").isEmpty());
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void pluginWithAMissingDependency_isRefused() {
    jar("lonely.jar", "lonely").attribute("Plugin-Dependencies", "absent-friend").build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "lonely.jar", "depends on [absent-friend]");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void pluginsWithCyclicDependencies_areRefused() {
    jar("cycle-a.jar", "cycle-a").attribute("Plugin-Dependencies", "cycle-b").build();
    jar("cycle-b.jar", "cycle-b").attribute("Plugin-Dependencies", "cycle-a").build();
    goodPlugin();
    try (PluginHost host = start()) {
      assertRefused(host, "cycle-a.jar", "form a cycle");
      assertRefused(host, "cycle-b.jar", "form a cycle");
      assertGoodPluginWorks(host);
    }
  }

  @Test
  void refusals_areListedInJarNameOrder() throws IOException {
    Files.writeString(pluginsDir.resolve("z-broken.jar"), "junk");
    jar("a-bare.jar", "bare").withoutManifest().build();
    jar("m-dup.jar", "m-dup")
        .extension("org.example.mdup.Reg", regularizer("org.example.mdup.Reg", "good-reg"))
        .build();
    goodPlugin();
    // Of two plugins offering one id, the jar in the folder longer keeps it.
    Files.setLastModifiedTime(pluginsDir.resolve("good.jar"), FileTime.fromMillis(0));
    try (PluginHost host = start()) {
      assertEquals(
          List.of("a-bare.jar", "m-dup.jar", "z-broken.jar"),
          host.refused().stream().map(refusal -> refusal.jar().getFileName().toString()).toList());
    }
  }

  // ---- helpers ----

  private PluginHost start() {
    return PluginHost.start(pluginsDir, VERSION);
  }

  private TestPluginArchive jar(String fileName, String pluginId) {
    return TestPluginArchive.jar(pluginsDir, fileName, pluginId, scratch);
  }

  /** good.jar: a regularizer and a dataset, nothing wrong with either. */
  private void goodPlugin() {
    jar("good.jar", "good")
        .extension(GOOD_REG, regularizer(GOOD_REG, "good-reg"))
        .extension(GOOD_DATA, datasetProvider(GOOD_DATA, "good-data"))
        .build();
  }

  private static void assertGoodPluginWorks(PluginHost host) {
    Regularizer regularizer = host.require(Regularizer.class, "good-reg");
    assertEquals(GOOD_REG, regularizer.getClass().getName());
    assertEquals("good", host.providerOf(regularizer));
    DatasetProvider dataset = host.require(DatasetProvider.class, "good-data");
    assertEquals("good", host.providerOf(dataset));
    assertEquals(Provider.CORE_ID, host.providerOf(builtIn(host)));
  }

  private static void assertCoreOnly(PluginHost host) {
    assertEquals(
        List.of(CrossEntropyRegularizer.ID, TestOnlyBuiltInRegularizer.ID),
        host.ids(ExtensionKind.REGULARIZER));
    assertEquals(Provider.CORE_ID, host.providerOf(builtIn(host)));
    assertInstanceOf(TestOnlyBuiltInRegularizer.class, builtIn(host));
    assertEquals(List.of(), host.plugins());
    assertEquals(List.of(), host.refused());
  }

  private static Regularizer builtIn(PluginHost host) {
    return host.require(Regularizer.class, TestOnlyBuiltInRegularizer.ID);
  }

  private static PluginInfo info(PluginHost host, String pluginId) {
    return host.plugins().stream()
        .filter(plugin -> plugin.id().equals(pluginId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(pluginId + " is not loaded: " + host.refused()));
  }

  /** The refusal of {@code jarName}, checked to be one line naming the jar and these fragments. */
  private static RefusedPlugin assertRefused(PluginHost host, String jarName, String... fragments) {
    RefusedPlugin refusal =
        host.refused().stream()
            .filter(candidate -> candidate.jar().getFileName().toString().equals(jarName))
            .findFirst()
            .orElseThrow(() -> new AssertionError(jarName + " was not refused: " + host.refused()));
    String message = refusal.message();
    assertTrue(message.contains(refusal.jar().toString()), message);
    assertFalse(message.contains("\n"), message);
    for (String fragment : fragments) {
      assertTrue(message.contains(fragment), () -> "no '" + fragment + "' in: " + message);
    }
    assertTrue(host.plugins().stream().noneMatch(plugin -> plugin.jar().equals(refusal.jar())));
    return refusal;
  }
}
