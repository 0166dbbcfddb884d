package dev.detour.router.internal;

import dev.detour.core.Durations;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/** Checks the arguments of {@code Router.connect}, with messages that name each one. */
final class ConnectArguments {

  /** The longest budget a connect may be given: the same bound as {@code connectBudget}. */
  private static final Duration MAX_BUDGET = Duration.ofHours(1);

  private ConnectArguments() {}

  /** Returns the host name in lower case, or throws naming the bad host or port. */
  static String host(String host, int port) {
    if (host == null || host.isBlank() || host.length() > 253) {
      // an oversized host is echoed in part: it may be a whole URL or a pasted secret
      String shown =
          host == null || host.length() <= 80
              ? "'" + host + "'"
              : "'" + host.substring(0, 80) + "...' (" + host.length() + " characters)";
      throw new IllegalArgumentException(
          "host: " + shown + " (expected a host name or IP literal, 1 to 253 characters)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected 1 to 65535)");
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the budget in nanoseconds, or throws {@link SocketTimeoutException} (naming the budget)
   * if none is left.
   */
  static long budgetNanos(String host, int port, Duration budget) throws SocketTimeoutException {
    if (budget == null) {
      throw new IllegalArgumentException(
          "budget: null (expected the time this connect may take, such as 10s)");
    }
    if (budget.isZero() || budget.isNegative()) {
      throw new SocketTimeoutException(
          host
              + ":"
              + port
              + ": connect budget used up (budget: "
              + Durations.format(budget)
              + "); nothing was dialed");
    }
    if (budget.compareTo(MAX_BUDGET) > 0) {
      throw new IllegalArgumentException(
          "budget: " + Durations.format(budget) + " (expected at most 1h, as connectBudget)");
    }
    return budget.toNanos();
  }
}
