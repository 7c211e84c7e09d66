package org.nclab.runtime.plugins;

import com.google.common.base.VerifyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.nclab.api.Extension;
import org.pf4j.ExtensionFactory;

/**
 * Loads and creates the extensions one provider lists in its {@code META-INF/extensions.idx}, and
 * files each under every {@link ExtensionKind} it implements, by its {@link Extension#id()}.
 *
 * <p>This replaces PF4J's {@code getExtensions}, which logs and skips a class that does not load or
 * whose constructor throws: nclab refuses the plugin instead and says which class and why.
 */
final class ExtensionCollector {

  /**
   * What {@link Extension#id()} promises: lower-case words joined by dashes, as TOML names them.
   */
  private static final Pattern VALID_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /**
   * How long an extension's constructor may take; a constant, because it should store constants.
   */
  private static final long CREATION_LIMIT_SECONDS = 30;

  private final ExtensionFactory factory;

  ExtensionCollector(ExtensionFactory factory) {
    this.factory = factory;
  }

  /**
   * The core's built-in extensions. One that cannot be created is a bug in nclab, not something a
   * user can fix, so it fails the start.
   */
  List<ProvidedExtension> builtIns(Collection<String> classNames, ClassLoader hostLoader) {
    try {
      return collect(classNames, hostLoader, Provider.CORE, false);
    } catch (PluginRefusedException e) {
      throw new VerifyException("nclab's built-in extensions are broken: " + e.reason(), e);
    }
  }

  /** A plugin's extensions, or why the plugin breaks the extension contract. */
  List<ProvidedExtension> fromPlugin(
      Collection<String> classNames, ClassLoader pluginLoader, Provider plugin)
      throws PluginRefusedException {
    return collect(classNames, pluginLoader, plugin, true);
  }

  /**
   * A plugin's extensions as its check listed them, each created only when first used ({@link
   * LazyExtension}); loading the plugin runs none of their code.
   */
  List<ProvidedExtension> listed(
      List<ListedExtension> listing, ClassLoader pluginLoader, Provider plugin) {
    Map<String, LazyExtension> byClass = new HashMap<>();
    List<ProvidedExtension> found = new ArrayList<>();
    for (ListedExtension listed : listing) {
      LazyExtension source =
          byClass.computeIfAbsent(
              listed.className(), name -> new LazyExtension(listed, pluginLoader, this, plugin));
      found.add(
          new ProvidedExtension(
              listed.kind(), listed.id(), listed.className(), source, plugin, listed.summary()));
    }
    return found;
  }

  /** Creates one listed extension, checking that it is still what its check found. */
  Extension createListed(ListedExtension listed, ClassLoader loader) throws PluginRefusedException {
    Class<?> type = load(listed.className(), loader);
    if (!listed.kind().type().isAssignableFrom(type)) {
      throw new PluginRefusedException(
          "its class "
              + listed.className()
              + " is no longer a "
              + listed.kind().table()
              + "; check the jar again");
    }
    Extension extension = create(type);
    String id = idOf(extension);
    if (!id.equals(listed.id())) {
      throw new PluginRefusedException(
          "its extension "
              + listed.className()
              + " now says id() '"
              + id
              + "', not '"
              + listed.id()
              + "'; make id() return a constant");
    }
    return extension;
  }

  /**
   * @param ownClassesOnly skip classes the loader did not define itself. PF4J reads a plugin's
   *     index plugin-first but falls back to the host's, so a plugin without an index of its own
   *     would otherwise claim the core's built-ins.
   */
  private List<ProvidedExtension> collect(
      Collection<String> classNames, ClassLoader loader, Provider provider, boolean ownClassesOnly)
      throws PluginRefusedException {
    List<ProvidedExtension> found = new ArrayList<>();
    // Sorted, so that which of two broken classes is named does not depend on hashing.
    for (String className : new TreeSet<>(classNames)) {
      Class<?> type = load(className, loader);
      if (ownClassesOnly && type.getClassLoader() != loader) {
        continue;
      }
      List<ExtensionKind> kinds = ExtensionKind.implementedBy(type);
      if (kinds.isEmpty()) {
        continue; // an extension of some other extension point: not nclab's to index
      }
      Extension extension = create(type);
      String id = idOf(extension);
      for (ExtensionKind kind : kinds) {
        found.add(new ProvidedExtension(kind, id, extension, provider));
      }
    }
    return found;
  }

  private static Class<?> load(String className, ClassLoader loader) throws PluginRefusedException {
    try {
      return loader.loadClass(className);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new PluginRefusedException(
          "its META-INF/extensions.idx lists "
              + className
              + ", which cannot be loaded ("
              + ExceptionText.describe(e)
              + "); bundle the classes it needs, or rebuild so that"
              + " the index matches the classes");
    }
  }

  private Extension create(Class<?> type) throws PluginRefusedException {
    FutureTask<Object> creation = new FutureTask<>(() -> factory.create(type));
    Thread creator = new Thread(creation, "nclab-create-" + type.getSimpleName());
    creator.setDaemon(true); // a constructor that never returns must not keep the JVM alive
    creator.start();
    try {
      return (Extension) creation.get(CREATION_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new PluginRefusedException(
          "its extension "
              + type.getName()
              + " was not created within "
              + CREATION_LIMIT_SECONDS
              + " s (its constructor or static initialiser blocks); a constructor should only store"
              + " constants");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginRefusedException(
          "interrupted while creating its extension " + type.getName());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ExtensionCreationException creationFailure) {
        throw refusedCreation(type, creationFailure);
      }
      throw new PluginRefusedException(
          "its extension "
              + type.getName()
              + " could not be created: "
              + ExceptionText.describe(e.getCause())
              + "; fix the extension or remove the jar");
    }
  }

  private static PluginRefusedException refusedCreation(
      Class<?> type, ExtensionCreationException e) {
    return new PluginRefusedException(
        "its extension "
            + type.getName()
            + " could not be created: "
            + e.problem()
            + "; fix the extension (a constructor should only store constants) or remove the"
            + " jar");
  }

  private static String idOf(Extension extension) throws PluginRefusedException {
    String className = extension.getClass().getName();
    String id;
    try {
      id = extension.id();
    } catch (RuntimeException | LinkageError e) {
      throw new PluginRefusedException(
          "its extension "
              + className
              + " threw from id() ("
              + ExceptionText.describe(e)
              + "); make id() return a constant");
    }
    if (id == null || !VALID_ID.matcher(id).matches()) {
      throw new PluginRefusedException(
          "its extension "
              + className
              + " has id() "
              + (id == null ? "null" : "'" + id + "'")
              + ", but ids are lower-case words joined by dashes, like 'cross-entropy'; change"
              + " id()");
    }
    return id;
  }
}
