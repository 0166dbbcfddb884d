package dev.detour.listener;

import dev.detour.router.Router;
import dev.detour.router.RouterRegistry;
import dev.detour.router.jdbc.DetourDriver;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The integration lab: a {@link NeonLikeFleet} (real DNS, fault proxies on 127.0.0.x, embedded
 * PostgreSQL) and helpers to find and kill the listener's backend.
 */
final class ListenerLab implements AutoCloseable {

  private static final AtomicInteger IDS = new AtomicInteger();

  final NeonLikeFleet fleet;
  final TestPostgres pg;
  final String applicationName = "detour-listener-it-" + IDS.incrementAndGet();

  ListenerLab(int size) {
    RouterRegistry.closeAll();
    this.pg = TestPostgres.shared();
    this.fleet = NeonLikeFleet.start(size, pg);
  }

  String url() {
    return fleet.detourUrl(pg.database()) + "&sslmode=disable";
  }

  /** A builder with the lab's URL and credentials, tagged so that its backend can be found. */
  DetourListenerBuilder builder() {
    return DetourListener.builder()
        .url(url())
        .username(pg.user())
        .password(pg.password())
        .property("ApplicationName", applicationName);
  }

  Properties login() {
    Properties p = new Properties();
    p.setProperty("user", pg.user());
    p.setProperty("password", pg.password());
    return p;
  }

  /** A direct connection to the backend (no proxy), for sending and for admin. */
  Connection direct() throws SQLException {
    return pg.connect(pg.database());
  }

  Router router() throws SQLException {
    return DetourDriver.router(url(), login());
  }

  /** Terminates the listener's backend(s); returns how many. */
  int killListener() throws SQLException {
    try (Connection c = pg.connectAsSuperuser();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Returns the fleet index of the address the listener is connected to, or -1. */
  int indexOf(DetourListener listener) {
    return listener.health().address().map(a -> fleet.proxies().addresses().indexOf(a)).orElse(-1);
  }

  /** Returns the first DISCONNECTED state among {@code states}; fails if there is none. */
  static ListenerState.Disconnected firstLoss(List<ListenerState> states) {
    return (ListenerState.Disconnected)
        states.stream()
            .filter(s -> s instanceof ListenerState.Disconnected)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no DISCONNECTED state in " + states));
  }

  @Override
  public void close() {
    fleet.close();
    RouterRegistry.closeAll();
  }
}
