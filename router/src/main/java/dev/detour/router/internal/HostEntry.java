package dev.detour.router.internal;

import dev.detour.router.RouterConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The addresses of one {@code host:port} and their health, kept in the resolver's order.
 *
 * <p>Merging a new address set (see {@link #merge}): addresses that remain keep their health, new
 * ones start neutral (closed, no RTT), removed ones are retired (their timers cancelled) and
 * forgotten. Thread-safe.
 */
public final class HostEntry {

  private final String host;
  private final int port;
  private final RouterRuntime rt;
  private final Consumer<AddressState> onHalfOpen;
  private final Map<InetAddress, AddressState> states = new LinkedHashMap<>();
  // states.values() as an immutable list, made again by each merge that changes the set: every
  // connect reads it, and only a DNS change alters it
  private List<AddressState> snapshot = List.of();
  private long rotation;
  private long lastRecoveryNanos = Long.MIN_VALUE;

  public HostEntry(String host, int port, RouterRuntime rt, Consumer<AddressState> onHalfOpen) {
    this.host = host;
    this.port = port;
    this.rt = rt;
    this.onHalfOpen = onHalfOpen;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /**
   * Makes the known set equal to {@code addresses}, in that order.
   *
   * @return the addresses that were removed (their state is retired)
   */
  public synchronized List<InetSocketAddress> merge(List<InetAddress> addresses) {
    if (sameAddresses(addresses)) {
      return List.of(); // nearly every connect: the answer has not changed
    }
    Map<InetAddress, AddressState> old = new LinkedHashMap<>(states);
    states.clear();
    for (InetAddress a : addresses) {
      AddressState s = old.remove(a);
      if (s == null) {
        s = new AddressState(new InetSocketAddress(a, port), rt, onHalfOpen);
      }
      states.put(a, s);
    }
    snapshot = List.copyOf(states.values());
    List<InetSocketAddress> removed = new ArrayList<>();
    for (AddressState s : old.values()) {
      s.retire();
      removed.add(s.address());
    }
    return removed;
  }

  /** Whether the known set is {@code addresses}, in that order (compared without a copy). */
  private boolean sameAddresses(List<InetAddress> addresses) {
    if (states.size() != addresses.size()) {
      return false;
    }
    int i = 0;
    for (InetAddress known : states.keySet()) {
      if (!known.equals(addresses.get(i++))) {
        return false;
      }
    }
    return true;
  }

  /** Returns the states in resolver order. */
  public synchronized List<AddressState> states() {
    return snapshot;
  }

  /**
   * Plans the order of one connect over {@code states} (this host's, as {@link #states()} gave
   * them), taking a fresh rotation value.
   */
  public CandidateOrder.Plan plan(List<AddressState> states, RouterConfig config) {
    List<CandidateOrder.Entry> entries = new ArrayList<>(states.size());
    for (int i = 0; i < states.size(); i++) {
      entries.add(states.get(i).planEntry());
    }
    return CandidateOrder.order(
        entries,
        nextRotation(),
        config.panicThreshold(),
        config.probe() == RouterConfig.ProbeMode.OFF);
  }

  /** Returns the states of {@code addresses} still known, in that order. */
  public synchronized List<AddressState> statesOf(List<InetSocketAddress> addresses) {
    List<AddressState> out = new ArrayList<>(addresses.size());
    for (InetSocketAddress a : addresses) {
      AddressState s = states.get(a.getAddress());
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Returns a fresh rotation value for spreading load over equally good addresses. */
  private synchronized long nextRotation() {
    return rotation++;
  }

  /**
   * Returns true at most once per {@code minIntervalNanos}: rate-limits the recovery work (a
   * re-resolve) that a fast-fail triggers.
   */
  public synchronized boolean tryStartRecovery(long nowNanos, long minIntervalNanos) {
    if (lastRecoveryNanos != Long.MIN_VALUE && nowNanos - lastRecoveryNanos < minIntervalNanos) {
      return false;
    }
    lastRecoveryNanos = nowNanos;
    return true;
  }

  /** Retires every address (router closing). */
  public synchronized void retireAll() {
    states.values().forEach(AddressState::retire);
  }
}
