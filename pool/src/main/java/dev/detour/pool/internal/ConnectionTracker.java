package dev.detour.pool.internal;

import dev.detour.core.Ticker;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every physical connection of one pool, keyed by pgjdbc's connection, and eviction by address.
 *
 * <p>Eviction of a connection ({@link #evict}):
 *
 * <ol>
 *   <li>It is marked doomed, so that it is never handed out again: {@link #borrowed} reports a
 *       doomed connection, and the pool evicts it and borrows another.
 *   <li>If it is idle and was borrowed before, Hikari evicts it at once through the (closed) proxy
 *       it was last handed out as: Hikari then marks it evicted and closes it if it is still idle.
 *   <li>If it is idle and was never borrowed, its pgjdbc connection is closed at once; Hikari drops
 *       the dead entry when it next looks at it.
 *   <li>If it is in use, it is evicted when it is returned ({@link #returned}).
 * </ol>
 *
 * <p>Thread-safe.
 */
public final class ConnectionTracker {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionTracker.class);

  private final Map<Connection, PhysicalConnection> connections = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final Consumer<Connection> hikariEvict;
  private volatile PoolSpread spread; // null: connections are not spread

  /**
   * @param hikariEvict Hikari's {@code evictConnection}, given a closed proxy
   */
  public ConnectionTracker(Ticker ticker, Consumer<Connection> hikariEvict) {
    this.ticker = ticker;
    this.hikariEvict = hikariEvict;
  }

  /** Spreads the pool's connections over the healthy addresses from now on ({@link PoolSpread}). */
  public void spreadWith(PoolSpread spread) {
    this.spread = spread;
  }

  /** The addresses a new connection should try last, to keep the pool spread. */
  public Set<InetSocketAddress> tryLast() {
    PoolSpread s = spread;
    if (s == null) {
      return Set.of();
    }
    try {
      return s.tryLast(connections.values());
    } catch (RuntimeException e) {
      LOG.debug("cannot compute the pool's spread", e);
      return Set.of();
    }
  }

  /** Returns the time a connect that starts now begins, for {@link #opened}. */
  long connectStarting() {
    return ticker.nanoTime();
  }

  /**
   * Records a new physical connection, whose connect began at {@code startedNanos} ({@link
   * #connectStarting}).
   */
  void opened(Connection raw, InetSocketAddress address, long startedNanos) {
    prune();
    connections.put(raw, new PhysicalConnection(raw, address));
    PoolSpread s = spread;
    if (s != null) {
      s.opened(startedNanos);
    }
  }

  /**
   * Records that {@code hikariProxy} was borrowed.
   *
   * @return its physical connection, or null if it is unknown (not made by this pool)
   */
  public PhysicalConnection borrowed(Connection hikariProxy) throws SQLException {
    Connection raw = hikariProxy.unwrap(Connection.class);
    PhysicalConnection pc = connections.get(raw);
    if (pc != null) {
      pc.borrowed(hikariProxy, ticker.nanoTime());
    }
    return pc;
  }

  /**
   * Records that {@code pc}, borrowed as {@code hikariProxy}, was returned (the proxy is closed);
   * evicts it if it is doomed. Through the closed proxy, Hikari closes it if it is still idle, or
   * marks it so that it is closed when the borrower that took it meanwhile returns it.
   */
  public void returned(PhysicalConnection pc, Connection hikariProxy) {
    pc.returned(hikariProxy);
    if (pc.doomed() == null && shouldMove(pc)) {
      pc.doom("spreading the pool over the healthy addresses: " + pc.address() + " holds more");
      LOG.debug("moving a connection off {}: it holds more than its share", pc.address());
    }
    if (pc.doomed() != null) {
      hikariEvict.accept(hikariProxy);
    }
  }

  private boolean shouldMove(PhysicalConnection pc) {
    PoolSpread s = spread;
    if (s == null) {
      return false;
    }
    try {
      return s.shouldMove(pc, connections.values());
    } catch (RuntimeException e) {
      LOG.debug("cannot compute the pool's spread", e);
      return false;
    }
  }

  /** Counts of one eviction. */
  public record Evicted(int idle, int inUse) {
    /** Returns the sum. */
    public int total() {
      return idle + inUse;
    }
  }

  /** Evicts every connection to {@code address}. */
  public Evicted evict(InetSocketAddress address, String reason) {
    return evictWhere(pc -> pc.address().equals(address), reason);
  }

  /** Evicts every connection to one of {@code addresses}. */
  public Evicted evict(Set<InetSocketAddress> addresses, String reason) {
    return evictWhere(pc -> addresses.contains(pc.address()), reason);
  }

  /** Evicts every connection. */
  public Evicted evictAll(String reason) {
    return evictWhere(pc -> true, reason);
  }

  private Evicted evictWhere(Predicate<PhysicalConnection> which, String reason) {
    int idle = 0;
    int busy = 0;
    for (PhysicalConnection pc : connections.values()) {
      if (!which.test(pc) || !pc.doom(reason)) {
        continue;
      }
      if (pc.inUse()) {
        busy++; // returned() evicts it
        continue;
      }
      idle++;
      Connection proxy = pc.proxy();
      if (proxy != null) {
        hikariEvict.accept(proxy);
      } else {
        closeQuietly(pc);
      }
    }
    if (idle + busy > 0) {
      LOG.info("evicting {} idle and {} in-use connections ({})", idle, busy, reason);
    }
    prune();
    return new Evicted(idle, busy);
  }

  /** Returns the connections now known to be open. */
  public List<PhysicalConnection> snapshot() {
    prune();
    return List.copyOf(connections.values());
  }

  /** Counts the connections now known to be open, per address (doomed ones included). */
  public Map<InetSocketAddress, Integer> countByAddress() {
    return PoolSpread.countByAddress(snapshot(), true);
  }

  /** Returns the borrowed connections. */
  public List<PhysicalConnection> inUse() {
    List<PhysicalConnection> out = new ArrayList<>();
    for (PhysicalConnection pc : connections.values()) {
      if (pc.inUse()) {
        out.add(pc);
      }
    }
    return out;
  }

  /** Forgets connections that are closed. */
  void prune() {
    connections.values().removeIf(pc -> isClosed(pc.raw()));
  }

  private static boolean isClosed(Connection raw) {
    try {
      return raw.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private static void closeQuietly(PhysicalConnection pc) {
    try {
      pc.raw().close();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("closing {} failed", pc, e);
    }
  }
}
