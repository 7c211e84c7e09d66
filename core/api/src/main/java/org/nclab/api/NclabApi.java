package org.nclab.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this build of the API that plugins and the host check against each other. */
public final class NclabApi {

  /**
   * The API version, taken from the build (Maven filters {@code api-version.properties}) so that it
   * can never drift from the artifact's version. A plugin's {@code Plugin-Requires} is checked
   * against it.
   */
  public static final String VERSION = readVersion();

  private NclabApi() {}

  private static String readVersion() {
    try (InputStream in = NclabApi.class.getResourceAsStream("api-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("nclab-api is missing api-version.properties; rebuild it");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
