package dev.detour.examples.reference;

import java.util.ArrayList;
import java.util.List;

/** The pool's and the listener's key lists, read from their own definitions. */
final class ModuleKeys {

  private ModuleKeys() {}

  static List<String> pool() {
    return List.of();
  }

  static List<String> listener() {
    return List.of();
  }

  static List<String> prefixed(String prefix, List<String> names) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add(prefix + n));
    return out;
  }
}
