package dev.detour.examples.reference;

import dev.detour.pool.internal.PoolSettings;
import java.util.ArrayList;
import java.util.List;

/** The pool's and the listener's key lists, read from their own definitions. */
final class ModuleKeys {

  private static final String LISTENER_PROPERTIES = "dev.detour.listener.ListenerProperties";

  private ModuleKeys() {}

  /** {@code detour.pool.*}: the pool's own keys, then the HikariCP pass-through family. */
  static List<String> pool() {
    List<String> keys = prefixed(PoolSettings.PREFIX, PoolSettings.KEYS);
    keys.add(PoolSettings.HIKARI_PREFIX + "*");
    return keys;
  }

  /**
   * {@code detour.listener.*}: read from {@code ListenerProperties.KNOBS}, the list the listener
   * validates its properties against (package-private, hence read reflectively).
   */
  static List<String> listener() {
    String prefix = KeyReference.stringField(LISTENER_PROPERTIES, "PREFIX");
    return prefixed(prefix, KeyReference.listField(LISTENER_PROPERTIES, "KNOBS"));
  }

  static List<String> prefixed(String prefix, List<String> names) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add(prefix + n));
    return out;
  }
}
