package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hedge delay is computed when a handshake time is recorded (a kept, sorted window), and each
 * record moves it exactly as sorting the whole window on every read did.
 */
class HandshakeTimesTest {

  private static final long MS = 1_000_000L;

  /** The rule, as it was computed on every read: sort the window, take the p99, double, clamp. */
  private static long reference(Deque<Long> window) {
    if (window.isEmpty()) {
      return HandshakeTimes.DEFAULT_DELAY.toNanos();
    }
    long[] sorted = window.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    long p99 = sorted[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)];
    long delay = p99 > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * p99;
    return Math.max(
        HandshakeTimes.MIN_DELAY.toNanos(), Math.min(HandshakeTimes.MAX_DELAY.toNanos(), delay));
  }

  @Test
  void noHistoryGivesTheDefaultDelay() {
    assertThat(new HandshakeTimes().hedgeDelayNanos())
        .isEqualTo(HandshakeTimes.DEFAULT_DELAY.toNanos());
  }

  @Test
  void eachRecordUpdatesTheDelayAsASortOfTheWholeWindowWould() {
    Random random = new Random(20251207);
    HandshakeTimes times = new HandshakeTimes();
    Deque<Long> window = new ArrayDeque<>();
    // several windows' worth, so that old samples leave it; with repeats, zero, negative and huge
    // values, and times on both sides of the clamp
    for (int i = 0; i < 5 * HandshakeTimes.WINDOW; i++) {
      long sample =
          switch (random.nextInt(8)) {
            case 0 -> 700 * MS; // a repeated value
            case 1 -> -5;
            case 2 -> Long.MAX_VALUE - random.nextInt(10);
            case 3 -> random.nextInt(3_000) * MS; // up to 3 s: twice is above the 4 s clamp
            default -> random.nextInt(2_000_000); // under 2 ms: below the 1 s clamp
          };
      times.record(sample);
      window.addLast(Math.max(0, sample));
      if (window.size() > HandshakeTimes.WINDOW) {
        window.removeFirst();
      }
      assertThat(times.hedgeDelayNanos()).as("after record %d", i).isEqualTo(reference(window));
    }
  }

  @Test
  void aSlowTailLeavesTheDelayOnceItLeavesTheWindow() {
    HandshakeTimes times = new HandshakeTimes();
    for (int i = 0; i < 3; i++) {
      times.record(1_800 * MS); // 3 of 256 samples are above the p99 index (253)
    }
    assertThat(times.hedgeDelayNanos()).isEqualTo(3_600 * MS);
    for (int i = 3; i < HandshakeTimes.WINDOW; i++) {
      times.record(600 * MS);
    }
    assertThat(times.hedgeDelayNanos()).as("all 3 still in the window").isEqualTo(3_600 * MS);
    times.record(600 * MS);
    assertThat(times.hedgeDelayNanos()).as("one left the window").isEqualTo(1_200 * MS);
  }
}
