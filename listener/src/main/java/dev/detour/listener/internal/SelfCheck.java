package dev.detour.listener.internal;

import dev.detour.core.Ticker;
import dev.detour.listener.ListenerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The start-up self-check: a {@code pg_notify} on a private channel, on the listener's own
 * connection, must come back within {@code timeout}. It does not behind a transaction pooler that a
 * host-name check could not catch, where the session that listened is not the one that receives.
 * Runs on the connection thread.
 */
final class SelfCheck {

  private final String name;
  private final Duration timeout;
  private final Ticker ticker;
  private final String channel =
      "detour_self_check_" + Long.toHexString(ThreadLocalRandom.current().nextLong());

  SelfCheck(String name, Duration timeout, Ticker ticker) {
    this.name = name;
    this.timeout = timeout;
    this.ticker = ticker;
  }

  /** The private channel, to be listened with the subscriptions' channels in one round trip. */
  String channel() {
    return channel;
  }

  /**
   * Sends the notification and waits for it (the channel must be listened); then unlistens the
   * channel. Returns the other notifications read meanwhile, to be queued after the resyncs.
   *
   * @throws Failed if it did not come back within the timeout
   * @throws SQLException if the connection fails
   */
  PGNotification[] run(Connection c, PGConnection pg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, 'detour self-check')")) {
      ps.setString(1, channel);
      ps.execute();
    }
    long deadline = ticker.nanoTime() + timeout.toNanos();
    List<PGNotification> early = new ArrayList<>();
    boolean back = false;
    while (!back) {
      long left = deadline - ticker.nanoTime();
      if (left <= 0) {
        throw new Failed(
            new ListenerException(
                name
                    + ": start: a notification sent with pg_notify on the listener's own"
                    + " connection did not come back within "
                    + timeout.toMillis()
                    + " ms, so notifications are not delivered. A transaction pooler (PgBouncer in"
                    + " transaction mode, a Neon '-pooler' host) does this: use the direct host",
                null));
      }
      PGNotification[] ns = pg.getNotifications(Waits.millis(left));
      for (PGNotification n : ns == null ? new PGNotification[0] : ns) {
        if (n.getName().equals(channel)) {
          back = true;
        } else {
          early.add(n);
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("UNLISTEN " + Inputs.quote(channel));
    }
    return early.toArray(new PGNotification[0]);
  }

  /** A failed self-check: ends in FAILED, never retried. Its cause is the listener's failure. */
  static final class Failed extends SQLException {
    private static final long serialVersionUID = 1L;

    Failed(ListenerException cause) {
      super(cause.getMessage(), "55000", cause);
    }
  }
}
