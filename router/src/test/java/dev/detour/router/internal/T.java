package dev.detour.router.internal;

import dev.detour.core.Durations;
import java.math.BigDecimal;

/** Exact time stamps for event logs: {@code 0ms}, {@code 250ms}, {@code 2.011s}. */
final class T {

  private T() {}

  static String fmt(long nanos) {
    if (nanos % 1_000_000 != 0) {
      return Durations.formatNanos(nanos);
    }
    long ms = nanos / 1_000_000;
    if (ms < 1000) {
      return ms + "ms";
    }
    return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
  }
}
