package org.nclab.runtime.plugins;

import java.util.Optional;
import java.util.function.Supplier;
import org.nclab.api.Extension;
import org.nclab.api.UserException;

/**
 * A listed plugin extension, created on first use with {@link ExtensionCollector}'s time limit: a
 * command that does not use it never runs its class's static initialiser or constructor, so an
 * unused extension that would block, exit or throw in this JVM cannot touch the command.
 */
final class LazyExtension implements Supplier<Extension> {

  private final ListedExtension listed;
  private final ClassLoader loader;
  private final ExtensionCollector collector;
  private final Provider provider;
  private Extension instance;

  LazyExtension(
      ListedExtension listed, ClassLoader loader, ExtensionCollector collector, Provider provider) {
    this.listed = listed;
    this.loader = loader;
    this.collector = collector;
    this.provider = provider;
  }

  /**
   * @throws UserException naming the plugin, its jar and the extension when it cannot be created
   *     here although its check created it (it behaves differently in this JVM)
   */
  @Override
  public synchronized Extension get() {
    if (instance == null) {
      try {
        instance = collector.createListed(listed, loader);
      } catch (PluginRefusedException e) {
        throw new UserException(
            listed.kind().table()
                + " '"
                + listed.id()
                + "' of "
                + provider.describe()
                + " cannot be used: "
                + e.reason()
                + " (its check in a separate JVM passed, so it behaves differently here)");
      }
    }
    return instance;
  }

  synchronized Optional<Extension> created() {
    return Optional.ofNullable(instance);
  }
}
