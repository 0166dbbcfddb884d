package dev.detour.resolver.internal;

import dev.detour.core.Ticker;
import dev.detour.resolver.AddressOrder;
import dev.detour.resolver.AddressSource;
import dev.detour.resolver.ResolvedHost;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts file as ready answers, reloaded when the file changes. Thread-safe: lookups read an
 * immutable map through a volatile field; {@link #reloadIfChanged()} swaps it.
 *
 * <p>The file is first read by the first lookup, not when the resolver is built: the {@code
 * jdbc:detour:} driver builds its resolver on the caller's thread in front of pgjdbc's start-up,
 * while its first lookup runs on a router worker beside it.
 *
 * <p>Hosts-file answers never expire ({@code expiresAtNanos} is {@link Long#MAX_VALUE}); their
 * generation changes when a reload changes the host's address set.
 */
public final class HostsTable {

  /** How often the file's modification time is checked. */
  public static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final Logger log = LoggerFactory.getLogger(HostsTable.class);

  private final Path path;
  private final AddressOrder order;
  private final Ticker ticker;
  private volatile Map<String, ResolvedHost> answers = Map.of();
  private volatile long nextCheckNanos;
  private FileTime loadedModified;
  private volatile boolean loaded; // set by the first reloadIfChanged()

  /**
   * @param path the hosts file, or {@code null} for none
   */
  public HostsTable(Path path, AddressOrder order, Ticker ticker) {
    this.path = path;
    this.order = order;
    this.ticker = ticker;
  }

  /**
   * Returns the hosts-file answer for the normal-form {@code host}, or {@code null}. The first call
   * reads the file.
   */
  public ResolvedHost get(String host) {
    if (!loaded) {
      reloadIfChanged();
    }
    return answers.get(host);
  }

  /**
   * Returns {@code true} (once per check interval) when it is time to look at the file again; the
   * caller then runs {@link #reloadIfChanged()} off the hot path.
   */
  public boolean checkDue(long nowNanos) {
    if (path == null || !loaded || nowNanos - nextCheckNanos < 0) {
      return false;
    }
    nextCheckNanos = nowNanos + CHECK_INTERVAL_NANOS;
    return true;
  }

  /** Re-reads the file if its modification time changed. Never throws. */
  public synchronized void reloadIfChanged() {
    try {
      if (path != null) {
        reload();
      }
    } finally {
      loaded = true; // after the answers are published: get() reads them without the lock
    }
  }

  private void reload() {
    nextCheckNanos = ticker.nanoTime() + CHECK_INTERVAL_NANOS;
    String text;
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(path);
      if (modified.equals(loadedModified)) {
        return;
      }
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      modified = null;
      text = "";
    } catch (IOException | RuntimeException e) {
      log.warn("hosts file {}: cannot read ({}); keeping the previous entries", path, e.toString());
      return;
    }
    loadedModified = modified;
    answers = build(HostsFile.parse(text));
  }

  private Map<String, ResolvedHost> build(Map<String, HostsFile.Entry> parsed) {
    Map<String, ResolvedHost> previous = answers;
    Map<String, ResolvedHost> next = new HashMap<>();
    long now = ticker.nanoTime();
    for (Map.Entry<String, HostsFile.Entry> e : parsed.entrySet()) {
      List<InetAddress> ordered =
          AddressOrdering.order(e.getValue().v4(), e.getValue().v6(), order);
      if (ordered.isEmpty()) {
        continue;
      }
      ResolvedHost old = previous.get(e.getKey());
      long generation = 1;
      if (old != null) {
        boolean same = new HashSet<>(old.addresses()).equals(new HashSet<>(ordered));
        if (same && old.addresses().equals(ordered)) {
          next.put(e.getKey(), old);
          continue;
        }
        generation = same ? old.generation() : old.generation() + 1;
      }
      next.put(
          e.getKey(),
          new ResolvedHost(
              e.getKey(), ordered, AddressSource.HOSTS_FILE, now, Long.MAX_VALUE, generation));
    }
    return Map.copyOf(next);
  }
}
