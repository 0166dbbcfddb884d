package dev.detour.listener.internal;

import dev.detour.core.Ticker;
import dev.detour.core.TickerClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * What the connection thread knows about its connection's health: the address, the last heartbeat,
 * the last notification, and the last sign of life (where a RECONNECTED resync's gap starts).
 * Written by the connection thread only; read by any thread.
 */
public final class ConnectionHealth {

  private final Ticker ticker;
  private final TickerClock clock;
  private volatile InetSocketAddress address;
  private volatile long lastHeartbeatRtt = -1;
  private volatile long lastHeartbeatAt = Long.MIN_VALUE;
  private volatile long lastNotificationAt = Long.MIN_VALUE;
  private volatile long reconnects;
  private long lastAliveNanos;
  private boolean everAlive;

  ConnectionHealth(Ticker ticker, TickerClock clock) {
    this.ticker = ticker;
    this.clock = clock;
  }

  void connected(InetSocketAddress address, boolean reconnect) {
    this.address = address;
    if (reconnect) {
      reconnects++;
    }
  }

  void lost() {
    address = null;
  }

  /** The connection just answered: a statement returned or notifications arrived. */
  void alive() {
    lastAliveNanos = ticker.nanoTime();
    everAlive = true;
  }

  void heartbeat(long roundTripNanos) {
    lastHeartbeatRtt = roundTripNanos;
    lastHeartbeatAt = ticker.nanoTime();
    alive();
  }

  void notificationsArrived() {
    alive();
    lastNotificationAt = lastAliveNanos;
  }

  /**
   * Returns when the connection last answered (on the listener's ticker clock), or null before the
   * first answer.
   */
  Instant lastAliveAt() {
    return everAlive ? clock.instantAt(lastAliveNanos) : null;
  }

  /** Returns the ticker's reading when the connection last answered. */
  long lastAliveNanos() {
    return lastAliveNanos;
  }

  /** Returns the current address, or null. */
  public InetSocketAddress address() {
    return address;
  }

  /** Returns the last heartbeat's round trip, or null if none. */
  public Duration lastHeartbeatRoundTrip() {
    long rtt = lastHeartbeatRtt;
    return rtt < 0 ? null : Duration.ofNanos(rtt);
  }

  /** Returns the time since the last heartbeat, or null if none. */
  public Duration sinceLastHeartbeat() {
    long at = lastHeartbeatAt;
    return at == Long.MIN_VALUE ? null : Duration.ofNanos(ticker.nanoTime() - at);
  }

  /** Returns the time since the last notification, or null if none. */
  public Duration sinceLastNotification() {
    long at = lastNotificationAt;
    return at == Long.MIN_VALUE ? null : Duration.ofNanos(ticker.nanoTime() - at);
  }

  /** Returns how many connections were opened after the first. */
  public long reconnects() {
    return reconnects;
  }
}
