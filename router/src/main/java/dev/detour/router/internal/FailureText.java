package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.AttemptOutcome;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Builds the text of the router's errors. Error text is API: change it with care. */
final class FailureText {

  private static final AddressState.FailureKind[] KINDS = AddressState.FailureKind.values();

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
    // one builder for the whole text, sized for a typical address line: a fast-fail is meant to
    // cost well under a millisecond, and most of it is this text
    List<String> each = new ArrayList<>(states.size());
    int[] kinds = new int[KINDS.length];
    int textLength = 0;
    for (AddressState s : states) {
      AddressState.FailureKind k = s.lastFailureKind();
      if (k != null) {
        kinds[k.ordinal()]++;
      }
      String line = s.describe();
      each.add(line);
      textLength += line.length() + 2;
    }
    StringBuilder sb =
        new StringBuilder(textLength + 200)
            .append(host)
            .append(':')
            .append(port)
            .append(": no healthy address within ")
            .append(Durations.formatNanos(budgetNanos))
            .append(" budget (")
            .append(states.size())
            .append(" open");
    String sep = ": ";
    for (AddressState.FailureKind k : KINDS) {
      if (kinds[k.ordinal()] > 0) {
        sb.append(sep).append(kinds[k.ordinal()]).append(' ').append(k.label());
        sep = ", ";
      }
    }
    sb.append(')');
    if (nextProbe != null) {
      sb.append("; fast-fail open until ");
      appendTime(sb, LocalTime.ofInstant(nextProbe, zone));
    }
    sb.append(" [");
    for (int i = 0; i < each.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(each.get(i));
    }
    sb.append(
        "]; failing without dialing until a background probe or a DNS change"
            + " re-admits an address");
    return sb.toString();
  }

  /** Appends {@code HH:mm:ss}, as a {@code DateTimeFormatter} would, without building one. */
  private static void appendTime(StringBuilder sb, LocalTime t) {
    twoDigits(sb, t.getHour()).append(':');
    twoDigits(sb, t.getMinute()).append(':');
    twoDigits(sb, t.getSecond());
  }

  private static StringBuilder twoDigits(StringBuilder sb, int n) {
    return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
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
