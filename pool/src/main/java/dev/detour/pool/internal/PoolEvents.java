package dev.detour.pool.internal;

import dev.detour.router.AddressHealth;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RouterEventListener;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the pool hears from the router and from its own connects: it opens the {@link FastFailGate},
 * and evicts by address when a breaker opens or DNS drops an address.
 *
 * <p>Runs on router threads and on Hikari's adder thread; quick and non-blocking as {@link
 * RouterEventListener} requires (an eviction hands the close to Hikari's closer thread, or closes a
 * never-borrowed idle connection, which does not wait on the server). Thread-safe.
 */
public final class PoolEvents implements RouterEventListener {

  private final String host;
  private final int port;
  private final FastFailGate gate;
  private final ConnectionTracker tracker;
  private final PoolMetrics metrics;
  private final Consumer<String> connectError;
  private final StalledBorrowAborter aborter;

  /**
   * @param connectError told the message of every failed physical connect
   * @param aborter aborts stalled borrows on addresses that open; null when turned off
   */
  public PoolEvents(
      String host,
      int port,
      FastFailGate gate,
      ConnectionTracker tracker,
      PoolMetrics metrics,
      Consumer<String> connectError,
      StalledBorrowAborter aborter) {
    this.host = host;
    this.port = port;
    this.gate = gate;
    this.tracker = tracker;
    this.metrics = metrics;
    this.connectError = connectError;
    this.aborter = aborter;
  }

  /** A physical connect of the pool failed with {@code e} (on Hikari's adder thread). */
  public void connectFailed(SQLException e) {
    connectError.accept(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoHealthyAddressException n && n.isFastFail()) {
        gate.opened(n.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
  }

  private boolean ours(String h, int p) {
    return p == port && h.equalsIgnoreCase(host);
  }

  @Override
  public void fastFail(String h, int p, NoHealthyAddressException exception) {
    if (ours(h, p)) {
      gate.opened(exception.getMessage());
    }
  }

  @Override
  public void breakerTransition(
      InetSocketAddress address,
      AddressHealth.State from,
      AddressHealth.State to,
      String reason,
      AddressHealth.FailureKind kind) {
    if (address.getPort() != port) {
      return;
    }
    if (to == AddressHealth.State.OPEN) {
      metrics.evicted("breaker-open", tracker.evict(address, "breaker open: " + reason).total());
      if (aborter != null) {
        aborter.breakerOpened(address, kind, reason); // hands the aborts to the pool's own thread
      }
    } else if (to == AddressHealth.State.CLOSED && aborter != null) {
      aborter.breakerClosed(address);
    }
    gate.recheck();
  }

  @Override
  public void addressesRemoved(String h, int p, List<InetSocketAddress> removed) {
    if (ours(h, p)) {
      metrics.evicted(
          "dns-removed", tracker.evict(Set.copyOf(removed), "removed from DNS").total());
    }
  }
}
