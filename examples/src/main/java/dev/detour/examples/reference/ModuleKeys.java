package dev.detour.examples.reference;

import dev.detour.listener.DetourListener;
import dev.detour.pool.DetourDataSource;
import java.util.ArrayList;
import java.util.List;

/** The pool's and the listener's key lists, read from their own definitions. */
final class ModuleKeys {

  private ModuleKeys() {}

  /** {@code detour.pool.*}: the pool's own keys, then the HikariCP pass-through family. */
  static List<String> pool() {
    List<String> keys = prefixed(DetourDataSource.PREFIX, DetourDataSource.KEYS);
    keys.add(DetourDataSource.HIKARI_PREFIX + "*");
    return keys;
  }

  /** {@code detour.listener.*}: the list the listener validates its properties against. */
  static List<String> listener() {
    return prefixed(DetourListener.PREFIX, DetourListener.KEYS);
  }

  static List<String> prefixed(String prefix, List<String> names) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add(prefix + n));
    return out;
  }
}
