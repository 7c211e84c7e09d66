package org.nclab.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.runtime.plugins.TestPluginArchive.classBytes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginDescriptor;
import org.tensorflow.Tensor;

/**
 * The class loader on its own, over a jar the host would refuse: even when a plugin does carry a
 * copy of a host class, the host's copy is the one it gets.
 */
class HostFirstClassLoaderTest {

  @TempDir Path temp;

  @Test
  void hostPackages_comeFromTheHostEvenWhenTheJarHasACopy() throws Exception {
    Class<?> ownClass = TestOnlyBuiltInRegularizer.class; // not in a host package
    Path jar =
        TestPluginArchive.jar(temp, "copies.jar", "copies", temp.resolve("build"))
            .entry("org/tensorflow/Tensor.class", classBytes(Tensor.class))
            .entry(ownClass.getName().replace('.', '/') + ".class", classBytes(ownClass))
            .build();
    try (HostFirstClassLoader loader = loaderOver(jar)) {
      assertSame(Tensor.class, loader.loadClass(Tensor.class.getName()));
      // Everything else stays plugin-first: the jar's copy wins over the host's.
      Class<?> pluginCopy = loader.loadClass(ownClass.getName());
      assertNotSame(ownClass, pluginCopy);
      assertSame(loader, pluginCopy.getClassLoader());
    }
  }

  @Test
  void micrometerRegistries_areTheHostsLikeMicrometerCore() throws Exception {
    // The registries [metrics] adds ship in io.micrometer.* jars: a plugin that handles a meter
    // registry must see the host's classes, never a bundled copy.
    Class<?> prometheus = io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class;
    Class<?> jmx = io.micrometer.jmx.JmxMeterRegistry.class;
    Path jar =
        TestPluginArchive.jar(temp, "registries.jar", "registries", temp.resolve("build"))
            .entry(prometheus.getName().replace('.', '/') + ".class", classBytes(prometheus))
            .entry(jmx.getName().replace('.', '/') + ".class", classBytes(jmx))
            .build();
    try (HostFirstClassLoader loader = loaderOver(jar)) {
      assertSame(prometheus, loader.loadClass(prometheus.getName()));
      assertSame(jmx, loader.loadClass(jmx.getName()));
    }
    assertEquals(
        Optional.of("io.micrometer"),
        HostPackages.packageOfEntry(
            "io/micrometer/prometheusmetrics/PrometheusMeterRegistry.class"),
        "a jar bundling them is refused like one bundling micrometer-core");
  }

  @Test
  void everyHostPackage_isDelegatedAndNothingElse() throws IOException {
    try (HostFirstClassLoader loader = loaderOver(temp)) {
      for (String prefix : HostPackages.prefixes()) {
        assertTrue(loader.shouldDelegateToParent(prefix + "Anything"), prefix);
      }
      assertFalse(loader.shouldDelegateToParent("org.example.Plugin"));
      assertFalse(
          loader.shouldDelegateToParent("org.nclab.runtime.Trainer"), "only the API is shared");
      assertFalse(loader.shouldDelegateToParent("org.tensorflowx.Lookalike"));
    }
  }

  @Test
  void packageOfEntry_namesTheHostPackage() {
    assertEquals(
        Optional.of("org.tensorflow"), HostPackages.packageOfEntry("org/tensorflow/Tensor.class"));
    assertEquals(
        Optional.of("org.nclab.api"), HostPackages.packageOfEntry("org/nclab/api/Extension.class"));
    assertEquals(
        Optional.empty(), HostPackages.packageOfEntry("org/tensorflow/"), "folders are not files");
    assertEquals(Optional.empty(), HostPackages.packageOfEntry("org/example/Tensor.class"));
    assertEquals(
        Optional.empty(), HostPackages.packageOfEntry("META-INF/maven/org.tensorflow/pom.xml"));
  }

  private static HostFirstClassLoader loaderOver(Path jarOrFolder) {
    HostFirstClassLoader loader =
        new HostFirstClassLoader(new NclabPluginManager("0.1.0"), new DefaultPluginDescriptor());
    loader.addFile(jarOrFolder.toFile());
    return loader;
  }
}
