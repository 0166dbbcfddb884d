package dev.detour.router.internal;

import dev.detour.router.AddressHealth;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the addresses of one host for a connect. A pure function.
 *
 * <ol>
 *   <li>Closed (healthy) addresses first. While at least one of them is <em>known-good</em> (its
 *       handshake is proven: a connection to it was marked ready, or it passed a probe, see {@link
 *       AddressState#isHandshakeProven()}; and no attempt to it is a suspect, see below), only the
 *       known-good ones come first, by score: RTT average plus a penalty per recent failure, plus
 *       one penalty if it recently lost a race it had started first (it was slower than the winner
 *       by at least the attempt delay). Closed addresses not proven (never tried, or a bare TCP
 *       connect that never led to a ready connection: the accept-then-stall proxy) come after every
 *       known-good one, in resolver order: exploring them is the job of background probes ({@link
 *       BackgroundLearning}), not of a user's connect. With no known-good address (a cold host),
 *       every closed address is scored, one never connected at the average of the known ones
 *       (neutral), as before.
 *   <li><em>Suspects</em> (an attempt was still in flight when another address won, and its real
 *       outcome has not arrived yet) come after every other closed address.
 *   <li>Addresses whose score is within {@code max(1 ms, 25 %)} of the best form a tie group; the
 *       group is rotated by a per-host counter so load spreads over equally good addresses.
 *   <li>If both families are present, each of these groups is interleaved by family (RFC 8305),
 *       starting with the family of the resolver's first address (IPv4 by default).
 *   <li>Half-open addresses come next, in resolver order.
 *   <li>Open addresses are skipped, unless some but fewer than {@code panicThreshold} of all
 *       addresses are closed (panic mode): then they come last, soonest-to-half-open first.
 *   <li>If no address is closed, nothing is healthy: the plan is empty and {@link Plan#allOpen()}
 *       is true, so the router fails fast and leaves re-admission to background probes. Only when
 *       half-open trials are left to user traffic (probes off) are the half-open addresses tried.
 * </ol>
 */
public final class CandidateOrder {

  /** Added to a score per consecutive failure, so a flaky address sorts after a steady one. */
  static final long FAILURE_PENALTY_NANOS = 100_000_000L;

  static final long TIE_FLOOR_NANOS = 1_000_000L;

  private CandidateOrder() {}

  /**
   * What the order needs to know of one address.
   *
   * @param address the address
   * @param state its breaker state
   * @param rttEwmaNanos its RTT average, 0 if unknown
   * @param consecutiveFailures its failures since its last success
   * @param halfOpenAtNanos when it goes half-open, if open
   * @param slow whether it recently lost a race it had started first
   * @param proven whether its handshake is proven (known-good unless a suspect)
   * @param suspect whether an attempt to it lost a race while in flight and has not ended yet
   */
  public record Entry(
      InetSocketAddress address,
      AddressHealth.State state,
      long rttEwmaNanos,
      int consecutiveFailures,
      long halfOpenAtNanos,
      boolean slow,
      boolean proven,
      boolean suspect) {

    /** An entry that is not a suspect; it is proven if it has an RTT (a test shorthand). */
    public Entry(
        InetSocketAddress address,
        AddressHealth.State state,
        long rttEwmaNanos,
        int consecutiveFailures,
        long halfOpenAtNanos,
        boolean slow) {
      this(
          address,
          state,
          rttEwmaNanos,
          consecutiveFailures,
          halfOpenAtNanos,
          slow,
          rttEwmaNanos > 0,
          false);
    }

    /** An entry that has not recently lost a race. */
    public Entry(
        InetSocketAddress address,
        AddressHealth.State state,
        long rttEwmaNanos,
        int consecutiveFailures,
        long halfOpenAtNanos) {
      this(address, state, rttEwmaNanos, consecutiveFailures, halfOpenAtNanos, false);
    }

    /** Whether this closed address is handshake-proven and not a suspect. */
    boolean knownGood() {
      return proven && !suspect;
    }
  }

  /**
   * The order of one connect.
   *
   * @param candidates the addresses to try, in order
   * @param panic whether panic mode put open addresses at the end
   * @param allOpen whether every address is open (candidates is then empty)
   */
  public record Plan(List<InetSocketAddress> candidates, boolean panic, boolean allOpen) {
    public Plan {
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * Orders {@code entries} (given in resolver order).
   *
   * @param rotation a per-host counter, incremented by the caller for each connect
   * @param panicThreshold the healthy fraction under which panic mode starts
   */
  public static Plan order(List<Entry> entries, long rotation, double panicThreshold) {
    return order(entries, rotation, panicThreshold, true);
  }

  /**
   * Orders {@code entries} (given in resolver order).
   *
   * @param rotation a per-host counter that spreads load over equally good addresses
   * @param panicThreshold the healthy fraction under which panic mode starts
   * @param userTakesHalfOpenTrials false when background probes run the half-open trials, so that
   *     user traffic fails fast while nothing is closed
   */
  public static Plan order(
      List<Entry> entries, long rotation, double panicThreshold, boolean userTakesHalfOpenTrials) {
    List<Entry> closed = new ArrayList<>();
    List<Entry> halfOpen = new ArrayList<>();
    List<Entry> open = new ArrayList<>();
    for (Entry e : entries) {
      switch (e.state()) {
        case CLOSED -> closed.add(e);
        case HALF_OPEN -> halfOpen.add(e);
        default -> open.add(e);
      }
    }
    if (entries.isEmpty()) {
      return new Plan(List.of(), false, false);
    }
    if (closed.isEmpty()) {
      if (userTakesHalfOpenTrials && !halfOpen.isEmpty()) {
        return new Plan(halfOpen.stream().map(Entry::address).toList(), false, false);
      }
      return new Plan(List.of(), false, true);
    }
    List<InetSocketAddress> out = new ArrayList<>(entries.size());
    boolean v6First = preferV6(entries);
    List<Entry> knownGood = closed.stream().filter(Entry::knownGood).toList();
    List<Entry> suspects = closed.stream().filter(Entry::suspect).toList();
    if (!knownGood.isEmpty()) {
      List<Entry> unknown = closed.stream().filter(e -> !e.proven() && !e.suspect()).toList();
      out.addAll(interleave(healthyByScore(knownGood, rotation), v6First));
      out.addAll(interleave(unknown.stream().map(Entry::address).toList(), v6First));
    } else {
      // cold: nothing known-good yet, so every non-suspect is scored as before
      List<Entry> rest = closed.stream().filter(e -> !e.suspect()).toList();
      out.addAll(interleave(healthyByScore(rest, rotation), v6First));
    }
    out.addAll(interleave(healthyByScore(suspects, rotation), v6First));
    halfOpen.forEach(e -> out.add(e.address()));
    boolean panic = closed.size() < panicThreshold * entries.size();
    if (panic) {
      open.stream()
          .sorted(Comparator.comparingLong(Entry::halfOpenAtNanos))
          .forEach(e -> out.add(e.address()));
    }
    return new Plan(out, panic, false);
  }

  private static List<InetSocketAddress> healthyByScore(List<Entry> closed, long rotation) {
    if (closed.isEmpty()) {
      return List.of();
    }
    long knownSum = 0;
    int known = 0;
    for (Entry e : closed) {
      if (e.rttEwmaNanos() > 0) {
        knownSum += e.rttEwmaNanos();
        known++;
      }
    }
    long neutral = known == 0 ? 0 : knownSum / known;
    List<long[]> scored = new ArrayList<>(); // [score, index]
    for (int i = 0; i < closed.size(); i++) {
      Entry e = closed.get(i);
      long rtt = e.rttEwmaNanos() > 0 ? e.rttEwmaNanos() : neutral;
      long penalties = e.consecutiveFailures() + (e.slow() ? 1 : 0);
      scored.add(new long[] {rtt + penalties * FAILURE_PENALTY_NANOS, i});
    }
    // stable: equal scores keep resolver order
    scored.sort(Comparator.comparingLong((long[] s) -> s[0]).thenComparingLong(s -> s[1]));
    long best = scored.get(0)[0];
    long band = best + Math.max(TIE_FLOOR_NANOS, best / 4);
    int ties = 0;
    while (ties < scored.size() && scored.get(ties)[0] <= band) {
      ties++;
    }
    List<InetSocketAddress> out = new ArrayList<>(closed.size());
    int shift = (int) Math.floorMod(rotation, (long) ties);
    for (int i = 0; i < ties; i++) {
      out.add(closed.get((int) scored.get((i + shift) % ties)[1]).address());
    }
    for (int i = ties; i < scored.size(); i++) {
      out.add(closed.get((int) scored.get(i)[1]).address());
    }
    return out;
  }

  private static boolean preferV6(List<Entry> entries) {
    return entries.get(0).address().getAddress() instanceof Inet6Address;
  }

  /** Interleaves families (RFC 8305 section 4), keeping each family's order. */
  static List<InetSocketAddress> interleave(List<InetSocketAddress> in, boolean v6First) {
    List<InetSocketAddress> v4 = new ArrayList<>();
    List<InetSocketAddress> v6 = new ArrayList<>();
    for (InetSocketAddress a : in) {
      (a.getAddress() instanceof Inet6Address ? v6 : v4).add(a);
    }
    if (v4.isEmpty() || v6.isEmpty()) {
      return in;
    }
    List<InetSocketAddress> first = v6First ? v6 : v4;
    List<InetSocketAddress> second = v6First ? v4 : v6;
    List<InetSocketAddress> out = new ArrayList<>(in.size());
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) {
        out.add(first.get(i));
      }
      if (i < second.size()) {
        out.add(second.get(i));
      }
    }
    return out;
  }
}
