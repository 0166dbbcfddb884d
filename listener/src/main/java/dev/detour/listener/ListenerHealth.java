package dev.detour.listener;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a listener's health, from {@link DetourListener#health()}. Immutable.
 *
 * <p>A service's health check can report DOWN on {@link ListenerState.Failed}, and degraded while
 * {@link #state()} is not {@link ListenerState.Connected} or when {@link #sinceLastHeartbeat()}
 * exceeds the heartbeat interval plus timeout by much.
 */
public final class ListenerHealth {

  private final ListenerState state;
  private final InetSocketAddress address;
  private final Duration lastHeartbeatRoundTrip;
  private final Duration sinceLastHeartbeat;
  private final Duration sinceLastNotification;
  private final int queuedNotifications;
  private final long reconnects;

  /**
   * Creates a snapshot (by the listener only: new fields may be added).
   *
   * @param state the current state
   * @param address the current connection's address, or null
   * @param lastHeartbeatRoundTrip the last heartbeat's round trip, or null if none yet
   * @param sinceLastHeartbeat time since the last successful heartbeat, or null if none yet
   * @param sinceLastNotification time since the last notification was received, or null if none
   * @param queuedNotifications notifications waiting for their handlers
   * @param reconnects connections opened after the first one
   */
  ListenerHealth(
      ListenerState state,
      InetSocketAddress address,
      Duration lastHeartbeatRoundTrip,
      Duration sinceLastHeartbeat,
      Duration sinceLastNotification,
      int queuedNotifications,
      long reconnects) {
    this.state = Objects.requireNonNull(state, "state");
    this.address = address;
    this.lastHeartbeatRoundTrip = lastHeartbeatRoundTrip;
    this.sinceLastHeartbeat = sinceLastHeartbeat;
    this.sinceLastNotification = sinceLastNotification;
    this.queuedNotifications = queuedNotifications;
    this.reconnects = reconnects;
  }

  /**
   * Returns the current state.
   *
   * @return the current state
   */
  public ListenerState state() {
    return state;
  }

  /**
   * Returns the address of the current connection, if connected through a URL.
   *
   * @return the address of the current connection, if connected through a URL
   */
  public Optional<InetSocketAddress> address() {
    return Optional.ofNullable(address);
  }

  /**
   * Returns the round trip of the last successful heartbeat, if there was one.
   *
   * @return the round trip of the last successful heartbeat, if there was one
   */
  public Optional<Duration> lastHeartbeatRoundTrip() {
    return Optional.ofNullable(lastHeartbeatRoundTrip);
  }

  /**
   * Returns the time since the last successful heartbeat, if there was one.
   *
   * @return the time since the last successful heartbeat, if there was one
   */
  public Optional<Duration> sinceLastHeartbeat() {
    return Optional.ofNullable(sinceLastHeartbeat);
  }

  /**
   * Returns the time since the last notification was received, if there was one.
   *
   * @return the time since the last notification was received, if there was one
   */
  public Optional<Duration> sinceLastNotification() {
    return Optional.ofNullable(sinceLastNotification);
  }

  /**
   * Returns how many notifications wait for their handlers.
   *
   * @return how many notifications wait for their handlers
   */
  public int queuedNotifications() {
    return queuedNotifications;
  }

  /**
   * Returns how many connections were opened after the first one.
   *
   * @return how many connections were opened after the first one
   */
  public long reconnects() {
    return reconnects;
  }

  @Override
  public String toString() {
    return "ListenerHealth[state="
        + state
        + ", address="
        + address
        + ", heartbeatRtt="
        + lastHeartbeatRoundTrip
        + ", sinceLastNotification="
        + sinceLastNotification
        + ", queued="
        + queuedNotifications
        + ", reconnects="
        + reconnects
        + "]";
  }
}
