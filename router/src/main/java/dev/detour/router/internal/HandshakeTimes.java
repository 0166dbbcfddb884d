package dev.detour.router.internal;

import java.time.Duration;
import java.util.Arrays;

/**
 * The handshake times (socket handed to pgjdbc → connection ready: TLS, startup, auth) that one
 * router's connections took, and the hedge delay learned from them.
 *
 * <p>Hedge delay: twice the p99 of the last {@value #WINDOW} handshake times, at least {@link
 * #MIN_DELAY} (1 s) and at most {@link #MAX_DELAY} (4 s); {@link #DEFAULT_DELAY} (2 s) before any
 * handshake was seen. Thread-safe.
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

  private final long[] samples = new long[WINDOW];
  private int count;
  private int nextSlot;

  /** Records one handshake that ended ready, in nanoseconds. */
  public synchronized void record(long nanos) {
    samples[nextSlot] = Math.max(0, nanos);
    nextSlot = (nextSlot + 1) % WINDOW;
    count = Math.min(WINDOW, count + 1);
  }

  /** Returns the hedge delay in nanoseconds (see the class comment). */
  public long hedgeDelayNanos() {
    long p99;
    synchronized (this) {
      if (count == 0) {
        return DEFAULT_DELAY.toNanos();
      }
      long[] sorted = Arrays.copyOf(samples, count);
      Arrays.sort(sorted);
      p99 = sorted[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)];
    }
    long delay = p99 > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * p99;
    return Math.max(MIN_DELAY.toNanos(), Math.min(MAX_DELAY.toNanos(), delay));
  }
}
