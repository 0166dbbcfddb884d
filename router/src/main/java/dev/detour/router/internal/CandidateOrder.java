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
    // plain loops, no streams: this runs on every connect, in the interpreter too while a service
    // warms up
    int n = entries.size();
    if (n == 0) {
      return new Plan(List.of(), false, false);
    }
    List<Entry> knownGood = new ArrayList<>(n);
    List<Entry> unknown = new ArrayList<>(n); // closed, neither proven nor a suspect
    List<Entry> suspects = new ArrayList<>(2);
    List<Entry> halfOpen = new ArrayList<>(2);
    List<Entry> open = new ArrayList<>(2);
    int closed = 0;
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(i);
      switch (e.state()) {
        case CLOSED -> {
          closed++;
          if (e.suspect()) {
            suspects.add(e);
          } else if (e.proven()) {
            knownGood.add(e);
          } else {
            unknown.add(e);
          }
        }
        case HALF_OPEN -> halfOpen.add(e);
        default -> open.add(e);
      }
    }
    if (closed == 0) {
      if (userTakesHalfOpenTrials && !halfOpen.isEmpty()) {
        return new Plan(addresses(halfOpen), false, false);
      }
      return new Plan(List.of(), false, true);
    }
    List<InetSocketAddress> out = new ArrayList<>(n);
    boolean v6First = preferV6(entries);
    if (!knownGood.isEmpty()) {
      out.addAll(interleave(healthyByScore(knownGood, rotation), v6First));
      out.addAll(interleave(addresses(unknown), v6First));
    } else {
      // cold: nothing known-good yet, so every non-suspect is scored as before (in resolver order:
      // with no known-good one, every closed non-suspect is in unknown)
      out.addAll(interleave(healthyByScore(unknown, rotation), v6First));
    }
    out.addAll(interleave(healthyByScore(suspects, rotation), v6First));
    for (int i = 0; i < halfOpen.size(); i++) {
      out.add(halfOpen.get(i).address());
    }
    boolean panic = closed < panicThreshold * n;
    if (panic) {
      List<Entry> byHalfOpen = new ArrayList<>(open);
      byHalfOpen.sort(Comparator.comparingLong(Entry::halfOpenAtNanos)); // stable
      for (int i = 0; i < byHalfOpen.size(); i++) {
        out.add(byHalfOpen.get(i).address());
      }
    }
    return new Plan(out, panic, false);
  }

  private static List<InetSocketAddress> addresses(List<Entry> entries) {
    List<InetSocketAddress> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      out.add(entries.get(i).address());
    }
    return out;
  }

  /** Up to this many addresses are sorted by insertion (no boxing, no comparator). */
  private static final int INSERTION_SORT_MAX = 32;

  private static List<InetSocketAddress> healthyByScore(List<Entry> closed, long rotation) {
    int n = closed.size();
    if (n == 0) {
      return List.of();
    }
    long knownSum = 0;
    int known = 0;
    for (int i = 0; i < n; i++) {
      long rtt = closed.get(i).rttEwmaNanos();
      if (rtt > 0) {
        knownSum += rtt;
        known++;
      }
    }
    long neutral = known == 0 ? 0 : knownSum / known;
    long[] score = new long[n];
    for (int i = 0; i < n; i++) {
      Entry e = closed.get(i);
      long rtt = e.rttEwmaNanos() > 0 ? e.rttEwmaNanos() : neutral;
      long penalties = e.consecutiveFailures() + (e.slow() ? 1 : 0);
      score[i] = rtt + penalties * FAILURE_PENALTY_NANOS;
    }
    // by score, equal scores in resolver order (a stable sort)
    int[] order = sortedByScore(score);
    long best = score[order[0]];
    long band = best + Math.max(TIE_FLOOR_NANOS, best / 4);
    int ties = 0;
    while (ties < n && score[order[ties]] <= band) {
      ties++;
    }
    List<InetSocketAddress> out = new ArrayList<>(n);
    int shift = (int) Math.floorMod(rotation, (long) ties);
    for (int i = 0; i < ties; i++) {
      out.add(closed.get(order[(i + shift) % ties]).address());
    }
    for (int i = ties; i < n; i++) {
      out.add(closed.get(order[i]).address());
    }
    return out;
  }

  /** Returns the indexes of {@code score} by ascending score, equal scores by index. */
  static int[] sortedByScore(long[] score) {
    int n = score.length;
    int[] order = new int[n];
    if (n <= INSERTION_SORT_MAX) {
      for (int i = 0; i < n; i++) {
        int j = i;
        while (j > 0 && score[order[j - 1]] > score[i]) { // strictly greater: stable
          order[j] = order[j - 1];
          j--;
        }
        order[j] = i;
      }
      return order;
    }
    List<long[]> scored = new ArrayList<>(n); // [score, index]
    for (int i = 0; i < n; i++) {
      scored.add(new long[] {score[i], i});
    }
    scored.sort(Comparator.comparingLong((long[] s) -> s[0]).thenComparingLong(s -> s[1]));
    for (int i = 0; i < n; i++) {
      order[i] = (int) scored.get(i)[1];
    }
    return order;
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
