package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.AddressHealth;
import dev.failsafe.CircuitBreaker;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Reports one address's health: the public {@link AddressHealth} snapshot (for {@link
 * dev.detour.router.Router#health} and {@link dev.detour.router.NoHealthyAddressException}) and the
 * one-line text that error messages give for each address.
 *
 * <p>Pure functions of the values passed in: {@link AddressState} reads them under its monitor and
 * calls these while holding it, so that a report is consistent. Stateless and thread-safe.
 */
final class HealthReport {

  private HealthReport() {}

  /** Returns the public state of a Failsafe breaker state. */
  static AddressHealth.State stateOf(CircuitBreaker.State s) {
    return switch (s) {
      case CLOSED -> AddressHealth.State.CLOSED;
      case OPEN -> AddressHealth.State.OPEN;
      case HALF_OPEN -> AddressHealth.State.HALF_OPEN;
    };
  }

  /**
   * Returns the snapshot of an address.
   *
   * @param halfOpenAtNanos when the open time ends (ticker nanos); read only if {@code state} is
   *     OPEN
   * @param failures the address's failure record
   */
  static AddressHealth snapshot(
      InetSocketAddress address,
      AddressHealth.State state,
      long rttEwmaNanos,
      FailureRecord failures,
      long halfOpenAtNanos,
      RouterRuntime rt) {
    Optional<Instant> nextProbe =
        switch (state) {
          case OPEN -> Optional.of(rt.wallAt(halfOpenAtNanos));
          case HALF_OPEN -> Optional.of(rt.wallAt(rt.now()));
          default -> Optional.empty();
        };
    String last = failures.lastDetail();
    return new AddressHealth(
        address,
        state,
        rttEwmaNanos,
        failures.consecutive(),
        Optional.ofNullable(last),
        last == null ? Optional.empty() : Optional.of(rt.wallAt(failures.lastAtNanos())),
        nextProbe);
  }

  /** Returns the state's name in lower case, as messages print it, without converting it. */
  private static String lowerCase(AddressHealth.State state) {
    return switch (state) {
      case CLOSED -> "closed";
      case OPEN -> "open";
      case HALF_OPEN -> "half_open";
    };
  }

  /** Returns e.g. {@code "127.0.0.2:5432 open, timed out after 1.5s 3s ago"}, for messages. */
  static String describe(
      InetSocketAddress address,
      AddressHealth.State state,
      FailureRecord failures,
      RouterRuntime rt) {
    StringBuilder sb =
        new StringBuilder(96)
            .append(Addresses.format(address))
            .append(' ')
            .append(lowerCase(state));
    String last = failures.lastDetail();
    if (last != null) {
      sb.append(", ")
          .append(last)
          .append(' ')
          .append(Durations.formatNanos(rt.now() - failures.lastAtNanos()))
          .append(" ago");
    }
    return sb.toString();
  }
}
