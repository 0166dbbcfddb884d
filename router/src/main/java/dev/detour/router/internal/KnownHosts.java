package dev.detour.router.internal;

import dev.detour.resolver.HostResolver;
import dev.detour.resolver.ResolvedHost;
import dev.detour.router.AddressHealth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's hosts, keyed {@code host:port}, and what operators and the pool do to them: read
 * their health, charge a failure of an established connection, reset one host. Hosts nobody has
 * connected to for a while are forgotten ({@link IdleHosts}).
 *
 * <p>Thread-safe.
 */
final class KnownHosts {

  // the router's logger, as before the split: log settings keyed on it keep working
  private static final Logger LOG = LoggerFactory.getLogger(DefaultRouter.class);

  private final RouterRuntime rt;
  private final HostResolver resolver;
  private final HalfOpenProbes probes;
  private final BackgroundLearning learning;
  private final SuspectProbes suspects;
  private final Map<String, HostEntry> hosts = new ConcurrentHashMap<>();
  private final IdleHosts idleHosts;
  private final Keys keys = new Keys();

  /**
   * The {@code host:port} key of the host connected to last, so that connects to one host (nearly
   * all of a service's) build no new string each. Thread-safe: one immutable holder, replaced
   * whole.
   */
  static final class Keys {
    private volatile Last last;

    private static final class Last {
      final String host;
      final int port;
      final String key;

      Last(String host, int port, String key) {
        this.host = host;
        this.port = port;
        this.key = key;
      }
    }

    /** Returns {@code host + ":" + port}. */
    String of(String host, int port) {
      Last l = last;
      if (l != null && l.port == port && l.host.equals(host)) {
        return l.key;
      }
      String key = host + ":" + port;
      last = new Last(host, port, key);
      return key;
    }
  }

  KnownHosts(
      RouterRuntime rt,
      HostResolver resolver,
      HalfOpenProbes probes,
      BackgroundLearning learning,
      SuspectProbes suspects) {
    this.rt = rt;
    this.resolver = resolver;
    this.probes = probes;
    this.learning = learning;
    this.suspects = suspects;
    this.idleHosts = new IdleHosts(rt.now());
  }

  /**
   * Returns the entry of {@code host:port} for a connect, creating it if new, and notes the connect
   * (which may forget idle hosts).
   */
  HostEntry connecting(String host, int port) {
    String key = keys.of(host, port);
    HostEntry entry = hosts.get(key); // nearly always there: no lambda, no bin lock
    if (entry == null) {
      entry = hosts.computeIfAbsent(key, k -> new HostEntry(host, port, rt, probes::onHalfOpen));
    }
    idleHosts.connected(key, hosts, rt.now());
    return entry;
  }

  /** Every entry (a live view). */
  Collection<HostEntry> entries() {
    return hosts.values();
  }

  /** The {@code host:port} keys, for the router's toString. */
  Set<String> keys() {
    return hosts.keySet();
  }

  /**
   * Charges the failure of an established connection to its address (see {@link
   * dev.detour.router.Router#reportFailure}); nothing if the host or address is unknown or the
   * caller was interrupted.
   */
  void reportFailure(String host, int port, InetSocketAddress address, Throwable cause) {
    if (host == null || address == null || cause == null) {
      throw new IllegalArgumentException(
          "host: "
              + host
              + ", address: "
              + address
              + ", cause: "
              + cause
              + " (expected: none of them null)");
    }
    if (Interrupts.isInterrupt(cause)) {
      return; // an interrupted caller: never an address's fault
    }
    AddressState state = known(host, port, address);
    if (state == null) {
      return;
    }
    boolean timeout = cause instanceof SocketTimeoutException;
    String detail =
        (timeout ? "established connection stalled" : "established connection failed")
            + " ("
            + cause
            + ")";
    state.recordFailure(
        null, timeout ? AddressState.FailureKind.STALLED : AddressState.FailureKind.FAILED, detail);
    rt.events().connectionFailed(host, state.address(), detail);
  }

  /**
   * Probes {@code address} of {@code host:port} because a caller suspects it (see {@link
   * dev.detour.router.Router#suspect}); returns whether a probe started.
   */
  boolean suspect(String host, int port, InetSocketAddress address, String why) {
    if (host == null || address == null || why == null) {
      throw new IllegalArgumentException(
          "host: "
              + host
              + ", address: "
              + address
              + ", why: "
              + why
              + " (expected: none of them null)");
    }
    AddressState suspect = known(host, port, address);
    if (suspect == null) {
      return false;
    }
    HostEntry entry = hosts.get(host.toLowerCase(Locale.ROOT) + ":" + port);
    List<AddressState> all = entry == null ? List.of() : entry.states();
    return suspects.check(host, suspect, suspects.references(all, suspect), why);
  }

  /** Returns the state of {@code address} of {@code host:port}; null if either is unknown. */
  private AddressState known(String host, int port, InetSocketAddress address) {
    HostEntry entry = hosts.get(host.toLowerCase(Locale.ROOT) + ":" + port);
    if (entry == null) {
      return null;
    }
    List<AddressState> states = entry.statesOf(List.of(address));
    return states.isEmpty() ? null : states.get(0);
  }

  /**
   * Forgets what is known of {@code name:port} (a validated host name) and learns its addresses
   * afresh (see {@link dev.detour.router.Router#reset}); returns their health before.
   */
  List<AddressHealth> reset(String name, int port) throws IOException {
    ResolvedHost rh = resolver.resolve(name); // before any change: a failed lookup resets nothing
    List<AddressHealth> before = health(name, port);
    HostEntry fresh = new HostEntry(name, port, rt, probes::onHalfOpen);
    fresh.merge(rh.addresses());
    HostEntry old = hosts.put(name + ":" + port, fresh);
    if (old != null) {
      old.retireAll(); // cancels its probes; races still running on it record nothing
      List<InetSocketAddress> removed = new ArrayList<>();
      for (AddressHealth h : before) {
        if (!rh.addresses().contains(h.address().getAddress())) {
          removed.add(h.address());
        }
      }
      if (!removed.isEmpty()) {
        rt.events().addressesRemoved(name, port, List.copyOf(removed));
      }
    }
    learning.learn(fresh); // probe every address at once, in the background
    LOG.info(
        "{}:{}: reset ({} addresses, {} before)", name, port, rh.addresses().size(), before.size());
    return before;
  }

  /** Returns the health of each address of {@code host:port}; empty if unknown. */
  List<AddressHealth> health(String host, int port) {
    if (host == null) {
      throw new IllegalArgumentException("host: null (expected a host name)");
    }
    HostEntry entry = hosts.get(host.toLowerCase(Locale.ROOT) + ":" + port);
    if (entry == null) {
      return List.of();
    }
    List<AddressHealth> out = new ArrayList<>();
    entry.states().forEach(s -> out.add(s.snapshot()));
    return List.copyOf(out);
  }
}
