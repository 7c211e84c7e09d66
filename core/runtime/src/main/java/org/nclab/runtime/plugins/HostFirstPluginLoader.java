package org.nclab.runtime.plugins;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pf4j.BasePluginLoader;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;
import org.pf4j.util.FileUtils;

/**
 * Gives every plugin a {@link HostFirstClassLoader}: over the jar itself, or over {@code classes/}
 * and {@code lib/*.jar} of an unpacked plugin zip. One loader for both, so that no plugin can reach
 * PF4J's default, plugin-first class loader.
 */
final class HostFirstPluginLoader extends BasePluginLoader {

  HostFirstPluginLoader(PluginManager manager) {
    super(manager, new DefaultPluginClasspath());
  }

  @Override
  public boolean isApplicable(Path pluginPath) {
    return FileUtils.isJarFile(pluginPath) || Files.isDirectory(pluginPath);
  }

  @Override
  public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
    if (!FileUtils.isJarFile(pluginPath)) {
      return super.loadPlugin(pluginPath, descriptor);
    }
    PluginClassLoader loader = createPluginClassLoader(pluginPath, descriptor);
    loader.addFile(pluginPath.toFile());
    return loader;
  }

  @Override
  protected PluginClassLoader createPluginClassLoader(
      Path pluginPath, PluginDescriptor descriptor) {
    return new HostFirstClassLoader(pluginManager, descriptor);
  }
}
