package dev.detour.testkit.dns.internal;

import dev.detour.testkit.dns.QueryLogEntry;
import dev.detour.testkit.dns.RecordType;
import dev.detour.testkit.dns.Transport;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The queries a DNS server received, in arrival order. Thread-safe. */
public final class QueryLog {

  private final ConcurrentLinkedQueue<QueryLogEntry> entries = new ConcurrentLinkedQueue<>();

  /** Appends one entry. */
  public void add(QueryLogEntry entry) {
    entries.add(entry);
  }

  /** A snapshot of the entries, oldest first. */
  public List<QueryLogEntry> snapshot() {
    return List.copyOf(entries);
  }

  /** How many queries for {@code name} and {@code type} arrived, on {@code transport} or on any. */
  public int count(String name, RecordType type, Transport transport) {
    int n = 0;
    for (QueryLogEntry e : entries) {
      if (e.name().equals(name)
          && e.type() == type
          && (transport == null || e.transport() == transport)) {
        n++;
      }
    }
    return n;
  }

  /** Forgets every entry. */
  public void clear() {
    entries.clear();
  }
}
