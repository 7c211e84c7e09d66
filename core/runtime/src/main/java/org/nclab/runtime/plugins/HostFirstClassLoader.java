package org.nclab.runtime.plugins;

import org.nclab.api.Extension;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader that takes {@link HostPackages} from the host and everything else from
 * the plugin first.
 *
 * <p>PF4J loads plugin-first by default: a plugin that bundled TensorFlow would get its own {@code
 * org.tensorflow.Tensor}, and the host a {@link ClassCastException} on the first tensor it
 * receives. Host packages therefore never reach the plugin's own jar. Other libraries stay
 * plugin-first, so two plugins can use different versions of, say, a CSV parser.
 */
final class HostFirstClassLoader extends PluginClassLoader {

  HostFirstClassLoader(PluginManager manager, PluginDescriptor descriptor) {
    super(manager, descriptor, hostLoader(), ClassLoadingStrategy.PDA);
  }

  /**
   * The application class loader that owns the host packages: the one that defined nclab's API,
   * whose classes the host passes to extensions and receives from them. Built-in extensions are
   * loaded from it too.
   */
  static ClassLoader hostLoader() {
    return Extension.class.getClassLoader();
  }

  @Override
  protected boolean shouldDelegateToParent(String className) {
    return HostPackages.ownsClass(className);
  }
}
