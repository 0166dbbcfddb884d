package dev.detour.pool.internal;

import java.net.InetSocketAddress;
import java.sql.Connection;

/**
 * One physical connection of the pool, with the address the router chose for it and what the pool
 * knows of its use: whether it is borrowed, since when, the Hikari proxy it was last handed out as,
 * and whether it is doomed (to be evicted instead of handed out again).
 *
 * <p>Thread-safe: fields are volatile. The borrower writes {@code inUse} before it reads {@code
 * doomed}, and the evictor writes {@code doomed} before it reads {@code inUse}, so that one of the
 * two always sees the other (see {@link ConnectionTracker}).
 */
public final class PhysicalConnection {

  private final Connection raw;
  private final InetSocketAddress address;
  private volatile Connection proxy;
  private volatile boolean inUse;
  private volatile long borrowedAtNanos;
  private volatile String doomed;
  private volatile String aborted;
  private volatile BorrowFailures failures;

  PhysicalConnection(Connection raw, InetSocketAddress address) {
    this.raw = raw;
    this.address = address;
  }

  /** Returns pgjdbc's connection. */
  public Connection raw() {
    return raw;
  }

  /** Returns the address its socket went to. */
  public InetSocketAddress address() {
    return address;
  }

  /** Returns the Hikari proxy it was last handed out as, or null if never borrowed. */
  Connection proxy() {
    return proxy;
  }

  /** Returns whether a caller holds it. */
  public boolean inUse() {
    return inUse;
  }

  /** Returns when it was last borrowed (ticker nanos). */
  public long borrowedAtNanos() {
    return borrowedAtNanos;
  }

  /** Returns why it must not be handed out again, or null. */
  public String doomed() {
    return doomed;
  }

  synchronized void borrowed(Connection hikariProxy, long nowNanos) {
    proxy = hikariProxy;
    borrowedAtNanos = nowNanos;
    inUse = true;
  }

  /**
   * Records the return of the borrow that handed out {@code hikariProxy}. Ignored if another borrow
   * has taken the connection since: Hikari recycles it before its caller gets here.
   */
  synchronized void returned(Connection hikariProxy) {
    if (proxy == hikariProxy) {
      inUse = false;
    }
  }

  /** Marks it doomed; returns false if it already was. */
  public boolean doom(String reason) {
    if (doomed != null) {
      return false;
    }
    doomed = reason;
    return true;
  }

  /** Returns the translator of its failures, or null before its first borrow. */
  BorrowFailures failures() {
    return failures;
  }

  /** Keeps the translator of its failures, made at its first borrow. */
  void failures(BorrowFailures f) {
    failures = f;
  }

  /** Returns why the pool aborted its current borrow, or null. */
  public String aborted() {
    return aborted;
  }

  /** Marks it aborted (and doomed) for {@code reason}; returns false if it already was aborted. */
  synchronized boolean markAborted(String reason) {
    if (aborted != null) {
      return false;
    }
    aborted = reason;
    doom(reason);
    return true;
  }

  @Override
  public String toString() {
    return "PhysicalConnection{"
        + address
        + (inUse ? ", in use" : ", idle")
        + (doomed == null ? "" : ", doomed: " + doomed)
        + "}";
  }
}
