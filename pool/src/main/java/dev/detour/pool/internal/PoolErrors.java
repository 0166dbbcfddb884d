package dev.detour.pool.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.detour.core.Durations;
import dev.detour.core.Ticker;
import dev.detour.router.AddressHealth;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The pool's two borrow errors, which an on-call engineer must tell apart at a glance. */
public final class PoolErrors {

  /** SQLState of "database unreachable". */
  public static final String UNREACHABLE = "08001";

  /** SQLState of "pool exhausted". */
  public static final String EXHAUSTED = "08004";

  private PoolErrors() {}

  /**
   * "database unreachable: all 12 addresses of host:port failing (router's reason)", SQLState
   * 08001.
   */
  public static SQLTransientConnectionException unreachable(
      String host, int port, List<AddressHealth> health, String reason, Throwable cause) {
    String what =
        FastFailGate.allOpen(health)
            ? "all " + health.size() + " addresses of " + host + ":" + port + " failing"
            : "no connection to " + host + ":" + port;
    return new SQLTransientConnectionException(
        "database unreachable: " + what + " (" + reason + ")", UNREACHABLE, cause);
  }

  /**
   * "pool exhausted: 10 active, 0 idle, 22 waiting, acquire timeout 5s; oldest borrow 31s ago; 0 of
   * 10 active connections are on addresses now open", SQLState 08004.
   */
  public static SQLTransientConnectionException exhausted(
      HikariPoolMXBean stats,
      Duration acquireTimeout,
      List<PhysicalConnection> inUse,
      List<AddressHealth> health,
      Ticker ticker,
      SQLException cause) {
    Set<InetSocketAddress> open = new HashSet<>();
    for (AddressHealth h : health) {
      if (h.state() == AddressHealth.State.OPEN) {
        open.add(h.address());
      }
    }
    long now = ticker.nanoTime();
    long oldest = 0;
    int onOpen = 0;
    for (PhysicalConnection pc : inUse) {
      oldest = Math.max(oldest, now - pc.borrowedAtNanos());
      if (open.contains(pc.address())) {
        onOpen++;
      }
    }
    String message =
        "pool exhausted: "
            + stats.getActiveConnections()
            + " active, "
            + stats.getIdleConnections()
            + " idle, "
            + stats.getThreadsAwaitingConnection()
            + " waiting, acquire timeout "
            + Durations.format(acquireTimeout)
            + "; oldest borrow "
            + (inUse.isEmpty() ? "none" : Durations.formatNanos(oldest) + " ago")
            + "; "
            + onOpen
            + " of "
            + inUse.size()
            + " active connections are on addresses now open";
    return new SQLTransientConnectionException(message, EXHAUSTED, cause);
  }
}
