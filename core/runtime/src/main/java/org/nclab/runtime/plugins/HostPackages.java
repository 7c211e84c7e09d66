package org.nclab.runtime.plugins;

import java.util.List;
import java.util.Optional;

/**
 * The packages that only the host's application class loader may define, for every plugin.
 *
 * <p>This is the one list both halves of the rule read: {@link HostFirstClassLoader} asks the host
 * for these classes before looking in a plugin, and {@link BundledHostClassScanner} finds them in a
 * plugin archive so that the host refuses it. A second copy of TensorFlow (or of the API a plugin
 * implements) would give the host objects of a class it cannot cast, so one copy is shared.
 */
final class HostPackages {

  /**
   * Dotted prefixes, each ending in '.', so that {@code org.slf4j.} does not match {@code
   * org.slf4jx}.
   */
  private static final List<String> PREFIXES =
      List.of(
          "org.tensorflow.", // TensorFlow Java: tensors and graphs cross the plugin boundary
          "org.bytedeco.", // JavaCPP, which loads TensorFlow's native library once per process
          "com.google.protobuf.", // TensorFlow's protos (GraphDef, ConfigProto)
          "io.micrometer.", // the metrics registry the runtime hands to extensions
          "com.google.common.", // Guava, used by the host
          "com.google.thirdparty.", // Guava's bundled public-suffix data
          "org.slf4j.", // one logging binding, configured by the host
          "org.pf4j.", // the plugin framework itself (annotations, ExtensionPoint)
          "org.nclab.api."); // the extension points plugins implement

  private HostPackages() {}

  /** The prefixes, for messages and tests. */
  static List<String> prefixes() {
    return PREFIXES;
  }

  /** Whether a class, by binary name ({@code org.tensorflow.Tensor}), belongs to the host. */
  static boolean ownsClass(String className) {
    return ownerOf(className).isPresent();
  }

  /**
   * The host package (without its trailing dot, e.g. {@code org.tensorflow}) that an archive entry
   * ({@code org/tensorflow/Tensor.class}) falls in, if any. Directory entries are not files and do
   * not count.
   */
  static Optional<String> packageOfEntry(String entryName) {
    if (entryName.endsWith("/")) {
      return Optional.empty();
    }
    return ownerOf(entryName.replace('/', '.'));
  }

  private static Optional<String> ownerOf(String dottedName) {
    return PREFIXES.stream()
        .filter(dottedName::startsWith)
        .map(prefix -> prefix.substring(0, prefix.length() - 1))
        .findFirst();
  }
}
