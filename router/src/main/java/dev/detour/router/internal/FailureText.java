package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.AttemptOutcome;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Builds the text of the router's errors. Error text is API: change it with care. */
final class FailureText {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private FailureText() {}

  /**
   * {@code h:5432: no healthy address within 10s budget (3 open: 2 timed out, 1 refused); fast-fail
   * open until 13:02:11; 127.0.0.1:5432 open, timed out after 1.5s 1s ago, ...}.
   */
  static String fastFail(
      String host,
      int port,
      long budgetNanos,
      List<AddressState> states,
      Instant nextProbe,
      ZoneId zone) {
    Map<AddressState.FailureKind, Integer> kinds = new EnumMap<>(AddressState.FailureKind.class);
    StringJoiner each = new StringJoiner("; ");
    for (AddressState s : states) {
      AddressState.FailureKind k = s.lastFailureKind();
      if (k != null) {
        kinds.merge(k, 1, Integer::sum);
      }
      each.add(s.describe());
    }
    StringJoiner counts = new StringJoiner(", ");
    kinds.forEach((k, n) -> counts.add(n + " " + k.label()));
    StringBuilder sb =
        new StringBuilder(host)
            .append(':')
            .append(port)
            .append(": no healthy address within ")
            .append(Durations.formatNanos(budgetNanos))
            .append(" budget (")
            .append(states.size())
            .append(" open");
    if (counts.length() > 0) {
      sb.append(": ").append(counts);
    }
    sb.append(')');
    if (nextProbe != null) {
      sb.append("; fast-fail open until ").append(TIME.format(nextProbe.atZone(zone)));
    }
    sb.append(" [")
        .append(each)
        .append(
            "]; failing without dialing until a background probe or a DNS change"
                + " re-admits an address");
    return sb.toString();
  }

  /**
   * {@code h:5432: no address connected within 10s budget after 4.1s (3 tried: 2 timed out, 1
   * refused) [127.0.0.1:5432 timed out after 1.5s; ...]; check that the server is up and reachable
   * from here, or raise detour.router.connectBudget}.
   */
  static String raceFailure(
      String host,
      int port,
      long budgetNanos,
      long elapsedNanos,
      List<AttemptOutcome> outcomes,
      int notTried,
      String why) {
    Map<AttemptOutcome.Result, Integer> kinds = new EnumMap<>(AttemptOutcome.Result.class);
    StringJoiner each = new StringJoiner("; ");
    for (AttemptOutcome o : outcomes) {
      kinds.merge(o.result(), 1, Integer::sum);
      each.add(
          Addresses.format(o.address())
              + " "
              + (o.detail().isEmpty() ? o.result().name().toLowerCase(Locale.ROOT) : o.detail()));
    }
    StringJoiner counts = new StringJoiner(", ");
    kinds.forEach((k, n) -> counts.add(n + " " + label(k)));
    StringBuilder sb =
        new StringBuilder(host)
            .append(':')
            .append(port)
            .append(": no address connected within ")
            .append(Durations.formatNanos(budgetNanos))
            .append(" budget after ")
            .append(Durations.formatNanos(elapsedNanos))
            .append(" (")
            .append(outcomes.size())
            .append(" tried");
    if (counts.length() > 0) {
      sb.append(": ").append(counts);
    }
    if (notTried > 0) {
      sb.append("; ").append(notTried).append(" not tried");
    }
    sb.append(')');
    if (outcomes.size() > 0) {
      sb.append(" [").append(each).append(']');
    }
    if (why != null) {
      sb.append("; ").append(why);
    }
    sb.append(
        "; check that the server is up and reachable from here, or raise"
            + " detour.router.connectBudget");
    return sb.toString();
  }

  private static String label(AttemptOutcome.Result r) {
    return switch (r) {
      case TIMED_OUT -> "timed out";
      case REFUSED -> "refused";
      case FAILED -> "failed";
      case CANCELLED -> "cancelled";
      case LOST_RACE -> "lost the race";
      case CONNECTED -> "connected";
    };
  }
}
