package dev.detour.router.internal;

import java.time.Duration;
import java.util.Arrays;

/**
 * The handshake times (socket handed to pgjdbc → connection ready: TLS, startup, auth) that one
 * router's connections took, and the hedge delay learned from them.
 *
 * <p>Hedge delay: twice the p99 of the last {@value #WINDOW} handshake times, at least {@link
 * #MIN_DELAY} (1 s) and at most {@link #MAX_DELAY} (4 s); {@link #DEFAULT_DELAY} (2 s) before any
 * handshake was seen.
 *
 * <p>Every connect reads the delay, so it is computed when a time is recorded, not when it is read:
 * the window is also kept sorted, and a record moves one sample out of it and one in (two binary
 * searches and two array shifts) instead of sorting the window. Thread-safe: records lock this
 * object; reads do not lock.
 */
public final class HandshakeTimes {

  /** How many recent handshakes the p99 is taken over. */
  static final int WINDOW = 256;

  /** The shortest hedge delay. */
  public static final Duration MIN_DELAY = Duration.ofSeconds(1);

  /** The longest hedge delay. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(4);

  /** The hedge delay with no handshake seen yet. */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);

  private static final long MIN_NANOS = MIN_DELAY.toNanos();
  private static final long MAX_NANOS = MAX_DELAY.toNanos();

  private final long[] samples = new long[WINDOW]; // in arrival order, a ring; guarded by this
  private final long[] sorted = new long[WINDOW]; // the same samples, ascending; guarded by this
  private int count; // guarded by this
  private int nextSlot; // guarded by this
  private volatile long delayNanos = DEFAULT_DELAY.toNanos();

  /** Records one handshake that ended ready, in nanoseconds. */
  public synchronized void record(long nanos) {
    long sample = Math.max(0, nanos);
    if (count == WINDOW) {
      removeSorted(samples[nextSlot]); // the oldest sample leaves the window
    }
    samples[nextSlot] = sample;
    nextSlot = (nextSlot + 1) % WINDOW;
    insertSorted(sample);
    delayNanos = delayOf(sorted[p99Index(count)]);
  }

  /** Returns the hedge delay in nanoseconds (see the class comment). */
  public long hedgeDelayNanos() {
    return delayNanos;
  }

  /** {@link #p99Index} of every window size, worked out once: no floating point per record. */
  private static final int[] P99_INDEX = new int[WINDOW + 1];

  static {
    for (int n = 1; n <= WINDOW; n++) {
      P99_INDEX[n] = (int) Math.min(n - 1, Math.ceil(n * 0.99) - 1);
    }
  }

  /** The index of the p99 in a sorted window of {@code n} samples (1 to {@link #WINDOW}). */
  static int p99Index(int n) {
    return P99_INDEX[n];
  }

  /** The hedge delay for a p99 of {@code p99} nanoseconds: twice it, clamped. */
  static long delayOf(long p99) {
    long delay = p99 > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * p99;
    return Math.max(MIN_NANOS, Math.min(MAX_NANOS, delay));
  }

  private void insertSorted(long sample) {
    int at = Arrays.binarySearch(sorted, 0, count, sample);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(sorted, at, sorted, at + 1, count - at);
    sorted[at] = sample;
    count++;
  }

  private void removeSorted(long sample) {
    int at = Arrays.binarySearch(sorted, 0, count, sample); // it is there: any equal one will do
    System.arraycopy(sorted, at + 1, sorted, at, count - at - 1);
    count--;
  }
}
