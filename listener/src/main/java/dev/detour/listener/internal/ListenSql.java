package dev.detour.listener.internal;

import java.util.Set;

/**
 * The LISTEN and UNLISTEN text the connection thread sends: every change in one statement, so in
 * one round trip. Channel names are quoted ({@link Inputs#quote}) and matched exactly.
 */
final class ListenSql {

  private ListenSql() {}

  /** {@code LISTEN} for every channel of {@code channels}, in its iteration order; "" for none. */
  static String listen(Iterable<String> channels) {
    StringBuilder sql = new StringBuilder();
    for (String ch : channels) {
      sql.append("LISTEN ").append(Inputs.quote(ch)).append(';');
    }
    return sql.toString();
  }

  /**
   * {@code LISTEN} for each channel in {@code desired} not yet in {@code listened}, then {@code
   * UNLISTEN} for each channel in {@code listened} no longer in {@code desired}; "" when they
   * agree.
   */
  static String changes(Set<String> desired, Set<String> listened) {
    StringBuilder sql = new StringBuilder();
    for (String ch : desired) {
      if (!listened.contains(ch)) {
        sql.append("LISTEN ").append(Inputs.quote(ch)).append(';');
      }
    }
    for (String ch : listened) {
      if (!desired.contains(ch)) {
        sql.append("UNLISTEN ").append(Inputs.quote(ch)).append(';');
      }
    }
    return sql.toString();
  }
}
