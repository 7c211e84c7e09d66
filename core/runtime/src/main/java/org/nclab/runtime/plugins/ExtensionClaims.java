package org.nclab.runtime.plugins;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which provider holds each kind and id, first come first served. The host claims the core's
 * built-ins first and then each plugin's extensions, oldest jar first, so a built-in always keeps
 * its id and, between two plugins, the one whose jar sorts first does.
 */
final class ExtensionClaims {

  private final Map<ExtensionKind, Map<String, ProvidedExtension>> holders =
      new EnumMap<>(ExtensionKind.class);

  /**
   * Why one provider's extensions cannot all be claimed (one of them takes a kind and id that is
   * held already, or the provider offers one twice), or empty when they can.
   */
  Optional<String> clash(List<ProvidedExtension> extensions) {
    Map<ExtensionKind, Map<String, ProvidedExtension>> own = new EnumMap<>(ExtensionKind.class);
    for (ProvidedExtension extension : extensions) {
      ProvidedExtension holder = holderOf(holders, extension);
      if (holder != null) {
        return Optional.of(clashWithHolder(extension, holder));
      }
      ProvidedExtension twin = holderOf(own, extension);
      if (twin != null) {
        return Optional.of(
            "it provides "
                + extension.kind().table()
                + " '"
                + extension.id()
                + "' twice, in "
                + twin.className()
                + " and "
                + extension.className()
                + "; give each its own id()");
      }
      own.computeIfAbsent(extension.kind(), kind -> new HashMap<>()).put(extension.id(), extension);
    }
    return Optional.empty();
  }

  /**
   * The plugins that offer a kind and id which another plugin, exactly as old (by {@code age}),
   * offers too: neither may keep it, since the only tie-break left would be the file names.
   */
  static <P> Map<P, String> tiedClashes(
      Map<P, List<ProvidedExtension>> offered, Function<P, ? extends Comparable<?>> age) {
    Map<String, List<P>> byKey = new HashMap<>();
    offered.forEach(
        (plugin, extensions) ->
            extensions.stream()
                .map(e -> e.kind().table() + " '" + e.id() + "'")
                .distinct()
                .forEach(key -> byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(plugin)));
    Map<P, String> tied = new LinkedHashMap<>();
    byKey.forEach(
        (key, plugins) -> {
          for (P plugin : plugins) {
            for (P other : plugins) {
              if (other != plugin && age.apply(other).equals(age.apply(plugin))) {
                tied.putIfAbsent(
                    plugin,
                    "its "
                        + key
                        + " is also provided by "
                        + offered.get(other).get(0).provider().describe()
                        + ", whose jar is exactly as old, so neither is loaded; change one of the"
                        + " two id()s or remove one of the jars");
              }
            }
          }
        });
    return tied;
  }

  /** Claims extensions that {@link #clash} found free. */
  void claim(List<ProvidedExtension> extensions) {
    for (ProvidedExtension extension : extensions) {
      holders
          .computeIfAbsent(extension.kind(), kind -> new HashMap<>())
          .put(extension.id(), extension);
    }
  }

  private static ProvidedExtension holderOf(
      Map<ExtensionKind, Map<String, ProvidedExtension>> claims, ProvidedExtension extension) {
    return claims.getOrDefault(extension.kind(), Map.of()).get(extension.id());
  }

  private static String clashWithHolder(ProvidedExtension extension, ProvidedExtension holder) {
    String rule =
        holder.provider().isCore()
            ? "which keeps it because built-ins always win; change the plugin extension's id()"
            : "which keeps it because its jar has been in the plugins folder longer; change one of"
                + " the two id()s or remove one of the jars";
    return "its "
        + extension.describe()
        + " is also provided by "
        + holder.provider().describe()
        + " in class "
        + holder.className()
        + ", "
        + rule;
  }
}
