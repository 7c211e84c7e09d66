package org.nclab.runtime.plugins;

import java.lang.reflect.InvocationTargetException;
import org.pf4j.ExtensionFactory;

/**
 * Creates each extension through its public no-argument constructor, and throws an {@link
 * ExtensionCreationException} saying why when that fails.
 */
final class ReportingExtensionFactory implements ExtensionFactory {

  @Override
  public <T> T create(Class<T> extensionClass) {
    try {
      return extensionClass.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new ExtensionCreationException(
          extensionClass,
          "its constructor threw " + ExceptionText.describe(e.getCause()),
          e.getCause());
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new ExtensionCreationException(
          extensionClass,
          "it is not a public, concrete class with a public no-argument constructor",
          e);
    } catch (ExceptionInInitializerError e) {
      throw new ExtensionCreationException(
          extensionClass,
          "its static initializer threw " + ExceptionText.describe(e.getCause()),
          e.getCause());
    } catch (LinkageError e) {
      throw new ExtensionCreationException(
          extensionClass,
          "a class it needs is missing or incompatible: " + ExceptionText.describe(e),
          e);
    }
  }
}
