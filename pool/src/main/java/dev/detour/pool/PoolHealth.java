package dev.detour.pool;

import dev.detour.router.AddressHealth;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a {@link DetourDataSource} for a {@code /health} endpoint: the pool's counts, the
 * router's health of every address of the host, the fast-fail state and the last error. Immutable.
 */
public final class PoolHealth {

  /** The pool's overall status. */
  public enum Status {
    /** The pool can hand out connections (or will once one is made). */
    UP,
    /** Every address is failing (fast-fail open), or the pool is closed. */
    DOWN
  }

  private final String host;
  private final int port;
  private final int active;
  private final int idle;
  private final int waiting;
  private final int total;
  private final boolean closed;
  private final Optional<String> fastFailReason;
  private final List<AddressHealth> addresses;
  private final Optional<String> lastError;
  private final Map<InetSocketAddress, Integer> connections;

  PoolHealth(
      String host,
      int port,
      int active,
      int idle,
      int waiting,
      int total,
      boolean closed,
      Optional<String> fastFailReason,
      List<AddressHealth> addresses,
      Optional<String> lastError,
      Map<InetSocketAddress, Integer> connections) {
    this.host = host;
    this.port = port;
    this.active = active;
    this.idle = idle;
    this.waiting = waiting;
    this.total = total;
    this.closed = closed;
    this.fastFailReason = fastFailReason;
    this.addresses = List.copyOf(addresses);
    this.lastError = lastError;
    this.connections = Map.copyOf(connections);
  }

  /**
   * Returns how many open physical connections the pool holds on each address (borrowed and idle; a
   * connection doomed by an eviction is counted until it is closed).
   *
   * @return how many open physical connections the pool holds on each address (borrowed and idle; a
   *     connection doomed by an eviction is counted until it is closed)
   */
  public Map<InetSocketAddress, Integer> connections() {
    return connections;
  }

  /**
   * Returns the host name of the pool's URL.
   *
   * @return the host name of the pool's URL
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port of the pool's URL.
   *
   * @return the port of the pool's URL
   */
  public int port() {
    return port;
  }

  /**
   * Returns how many connections are borrowed.
   *
   * @return how many connections are borrowed
   */
  public int active() {
    return active;
  }

  /**
   * Returns how many connections are idle in the pool.
   *
   * @return how many connections are idle in the pool
   */
  public int idle() {
    return idle;
  }

  /**
   * Returns how many callers wait for a connection.
   *
   * @return how many callers wait for a connection
   */
  public int waiting() {
    return waiting;
  }

  /**
   * Returns how many connections the pool holds.
   *
   * @return how many connections the pool holds
   */
  public int total() {
    return total;
  }

  /**
   * Returns whether borrows fail at once because every address is open.
   *
   * @return whether borrows fail at once because every address is open
   */
  public boolean fastFailOpen() {
    return fastFailReason.isPresent();
  }

  /**
   * Returns the router's reason while fast-fail is open.
   *
   * @return the router's reason while fast-fail is open
   */
  public Optional<String> fastFailReason() {
    return fastFailReason;
  }

  /**
   * Returns the router's health of every address of the host, in DNS order.
   *
   * @return the router's health of every address of the host, in DNS order
   */
  public List<AddressHealth> addresses() {
    return addresses;
  }

  /**
   * Returns the last connect or borrow error, if any (never holds a password).
   *
   * @return the last connect or borrow error, if any (never holds a password)
   */
  public Optional<String> lastError() {
    return lastError;
  }

  /**
   * Returns {@link Status#DOWN} if the pool is closed or fast-fail is open, else {@link Status#UP}.
   *
   * @return {@link Status#DOWN} if the pool is closed or fast-fail is open, else {@link Status#UP}
   */
  public Status status() {
    return closed || fastFailOpen() ? Status.DOWN : Status.UP;
  }

  @Override
  public String toString() {
    return "PoolHealth{"
        + host
        + ":"
        + port
        + " "
        + status()
        + ", active="
        + active
        + ", idle="
        + idle
        + ", waiting="
        + waiting
        + ", total="
        + total
        + fastFailReason.map(r -> ", fastFail=" + r).orElse("")
        + lastError.map(e -> ", lastError=" + e).orElse("")
        + "}";
  }
}
