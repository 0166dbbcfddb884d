package dev.detour.pool.internal;

import dev.detour.core.Ticker;
import dev.detour.router.AddressHealth;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps the pool's connections spread over the host's healthy addresses, so that one address that
 * goes silent takes its share of the pool with it, not the whole pool.
 *
 * <p>Why: a pool fills in the first few hundred milliseconds, before the router has learned the
 * host's other addresses, and the router sends a user's connect to an address it knows works; so
 * every connection of a new pool can sit on the one address the first connect found. Hikari keeps
 * them there for {@code maxLifetime} (30 minutes). When that address stalls, every connection
 * stalls at once, although other addresses are healthy.
 *
 * <ul>
 *   <li><b>New connections</b> ask the router to try last the addresses that already hold their
 *       share: {@code ceil((n + 1) / k)} of the {@code n} connections on the {@code k} healthy
 *       (closed-breaker) addresses ({@link #crowded}). The router still dials them, last, when no
 *       other address connects.
 *   <li><b>Moving.</b> When a connection is returned while its address holds at least two more of
 *       the pool's connections than the least used healthy address ({@link #overloaded}), it is
 *       evicted; Hikari replaces it, and the replacement goes elsewhere by the rule above. One
 *       returned connection is looked at per {@link #MOVE_EVERY} (so at most one move), and none in
 *       the first {@link #SETTLE} of the pool, while the router is still learning the addresses
 *       (issue 8's background probes take one attempt timeout, 1.5 s by default), so that a move
 *       never sends a connect to an address nobody has tried. A balanced pool (a difference of at
 *       most one) is never touched.
 *   <li><b>One move at a time.</b> After a move, the next waits until the pool has opened a new
 *       connection whose connect began after the move (the replacement, {@link #opened}; a connect
 *       already under way when the move came does not count), or at most {@link #REPLACE_WAIT}.
 *       Hikari opens replacements one at a time, and under load one can take seconds; moves that
 *       did not wait took several connections out of a busy pool at once, just as the addresses
 *       came back after an outage (measured: 6 of 10 connections left for seconds, and a fifth
 *       fewer requests served than plain HikariCP, in the bench's first seconds after the faults
 *       cleared). Now a move costs the pool at most one connection, for one connect.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class PoolSpread {

  /** The shortest time between two looks at a returned connection (so, between two moves). */
  static final long MOVE_EVERY = 250_000_000L;

  /** No move before the pool is this old. */
  static final long SETTLE = 3_000_000_000L;

  /**
   * The longest a move waits for the previous move's replacement (the router's default total
   * connect budget): a pool whose Hikari does not replace evicted connections at once ({@code
   * minimumIdle} below the maximum, and nobody waiting) still spreads.
   */
  static final long REPLACE_WAIT = 10_000_000_000L;

  private static final long NO_MOVE = Long.MIN_VALUE;

  private final Supplier<List<AddressHealth>> health;
  private final Ticker ticker;
  private final long created;
  private final AtomicLong lastCheck = new AtomicLong(Long.MIN_VALUE / 2);
  // when the last move evicted its connection, until a new connection opens; NO_MOVE: none waits
  private volatile long moveAwaitingReplacement = NO_MOVE;

  /**
   * @param health the router's health of the pool's host and port
   * @param ticker the clock of the rate limit
   */
  public PoolSpread(Supplier<List<AddressHealth>> health, Ticker ticker) {
    this.health = health;
    this.ticker = ticker;
    this.created = ticker.nanoTime();
  }

  /** The addresses for a new connection to try last, given the pool's live connections. */
  Set<InetSocketAddress> tryLast(Collection<PhysicalConnection> live) {
    return crowded(counts(live), healthy());
  }

  /**
   * Whether {@code returned}, just given back, should be evicted to spread the pool. At most one
   * return per {@link #MOVE_EVERY} is looked at, by whichever thread takes the slot: every other
   * return costs one clock read, so a balanced pool under load pays nothing for the spreading. The
   * connection looked at is whichever is returned then, a fair sample of the pool.
   */
  boolean shouldMove(PhysicalConnection returned, Collection<PhysicalConnection> live) {
    long now = ticker.nanoTime();
    long last = lastCheck.get();
    if (now - created < SETTLE || now - last < MOVE_EVERY) {
      return false;
    }
    long moved = moveAwaitingReplacement;
    if (moved != NO_MOVE && now - moved < REPLACE_WAIT) {
      return false; // the last move's replacement is not open yet
    }
    if (!lastCheck.compareAndSet(last, now)
        || !overloaded(returned.address(), counts(live), healthy())) {
      return false;
    }
    moveAwaitingReplacement = now;
    return true;
  }

  /**
   * Records that the pool opened a new connection whose connect began at {@code startedNanos}: if
   * it began after the last move, it is that move's replacement, and the next may follow.
   */
  void opened(long startedNanos) {
    long moved = moveAwaitingReplacement;
    if (moved != NO_MOVE && startedNanos - moved >= 0) {
      moveAwaitingReplacement = NO_MOVE;
    }
  }

  private Set<InetSocketAddress> healthy() {
    Set<InetSocketAddress> out = new HashSet<>();
    for (AddressHealth h : health.get()) {
      if (h.state() == AddressHealth.State.CLOSED) {
        out.add(h.address());
      }
    }
    return out;
  }

  private static Map<InetSocketAddress, Integer> counts(Collection<PhysicalConnection> live) {
    return countByAddress(live, false);
  }

  /** Counts {@code connections} per address; doomed ones (being evicted) only when asked. */
  static Map<InetSocketAddress, Integer> countByAddress(
      Collection<PhysicalConnection> connections, boolean withDoomed) {
    Map<InetSocketAddress, Integer> counts = new HashMap<>();
    for (PhysicalConnection pc : connections) {
      if (withDoomed || pc.doomed() == null) {
        counts.merge(pc.address(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * The healthy addresses that hold at least their share of the next connection: {@code ceil((n +
   * 1) / k)}, {@code n} connections on the {@code k} healthy addresses. Empty with fewer than two
   * healthy addresses, or when every healthy address holds its share.
   */
  static Set<InetSocketAddress> crowded(
      Map<InetSocketAddress, Integer> counts, Set<InetSocketAddress> healthy) {
    int k = healthy.size();
    if (k < 2) {
      return Set.of();
    }
    int n = 0;
    for (InetSocketAddress a : healthy) {
      n += counts.getOrDefault(a, 0);
    }
    int share = (n + 1 + k - 1) / k;
    Set<InetSocketAddress> out = new HashSet<>();
    for (InetSocketAddress a : healthy) {
      if (counts.getOrDefault(a, 0) >= share) {
        out.add(a);
      }
    }
    return out.size() == k ? Set.of() : Set.copyOf(out);
  }

  /**
   * Whether {@code address} is healthy and holds at least two connections more than the least used
   * healthy address (which may hold none). With fewer than two healthy addresses, never.
   */
  static boolean overloaded(
      InetSocketAddress address,
      Map<InetSocketAddress, Integer> counts,
      Set<InetSocketAddress> healthy) {
    if (healthy.size() < 2 || !healthy.contains(address)) {
      return false;
    }
    int least = Integer.MAX_VALUE;
    for (InetSocketAddress a : healthy) {
      least = Math.min(least, counts.getOrDefault(a, 0));
    }
    return counts.getOrDefault(address, 0) - least >= 2;
  }
}
