package dev.detour.resolver.internal;

import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.UnresolvableHostException;
import java.net.InetAddress;
import java.util.List;

/**
 * The immutable state of one cached host, swapped atomically on every change.
 *
 * @param answer the last good DNS answer (source DNS), or {@code null}
 * @param staleAnswer the same addresses with source STALE, or {@code null}
 * @param v4 the last good A addresses, in DNS order
 * @param v6 the last good AAAA addresses, in DNS order
 * @param expiresAtNanos when {@code answer}'s clamped TTL runs out
 * @param refreshAtNanos when the next background lookup is due (refresh-ahead, or a stale retry)
 * @param backoffNanos the delay before the next retry after this one fails; 0 while healthy
 * @param staleUntilNanos until when {@code staleAnswer} may be served
 * @param failing whether the last lookup failed (so past expiry the stale answer is served)
 * @param error the last failure or negative answer, or {@code null}
 * @param negativeUntilNanos until when {@code error} is a cached negative answer
 * @param generation the generation of the last address set (kept across negative answers)
 */
public record Snapshot(
    ResolvedHost answer,
    ResolvedHost staleAnswer,
    List<InetAddress> v4,
    List<InetAddress> v6,
    long expiresAtNanos,
    long refreshAtNanos,
    long backoffNanos,
    long staleUntilNanos,
    boolean failing,
    UnresolvableHostException error,
    long negativeUntilNanos,
    long generation) {

  /** The state of a host that was never resolved. */
  public static final Snapshot EMPTY =
      new Snapshot(null, null, List.of(), List.of(), 0, 0, 0, 0, false, null, 0, 0);

  /** Returns the addresses a listener should see as "current": empty without an answer. */
  public List<InetAddress> addresses() {
    return answer == null ? List.of() : answer.addresses();
  }
}
