package dev.detour.bench.listener;

import dev.detour.listener.DetourListener;
import dev.detour.listener.Notification;
import dev.detour.listener.NotificationHandler;
import dev.detour.listener.Subscription;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Delivery latency at one rate, from the sender's {@code pg_notify} (autocommit: its commit) to the
 * handler: Detour's {@link DetourListener} against a bare pgjdbc loop ({@code
 * getNotifications(100)} on one thread, handling inline), through the same kind of proxy.
 *
 * <p>Both clients stay connected and listening for the whole run. Two ways to share the machine:
 *
 * <ul>
 *   <li><b>Together</b> (the default): both listen to the same channel, so every notification is
 *       timed by both, at the same moment. pgjdbc's batching (below) depends on the gaps in the
 *       stream, which both clients then see alike: the ratio is paired per notification, not only
 *       per block. Both receive at once and share the CPU.
 *   <li><b>ABBA</b>: each listens to its own channel and the sender alternates between them in
 *       short blocks (ABBA order), so only one receives at a time and neither takes the other's
 *       CPU; but each client meets its own gaps.
 * </ul>
 *
 * <p>The first blocks are a warm-up, not counted. The histograms pool every counted block; each
 * half of the run is also kept apart, and the counted blocks in pairs ({@link PairedBlocks}, with a
 * bootstrap interval of the ratios), to show how stable the ratios are. The sender puts {@code
 * System.nanoTime()} in the payload.
 *
 * <p>Each latency is also split in two, to show where it goes: from the send to the return of
 * pgjdbc's {@code getNotifications} (the same driver work for both clients; it returns only after a
 * 1 ms read finds nothing more, so a steady stream is delivered in batches), and, for Detour, the
 * hand-off from that return (the notification's {@code receivedAt}) to the handler.
 */
final class ListenerDelivery {

  private static final String DETOUR_CHANNEL = "bench_detour";
  private static final String BARE_CHANNEL = "bench_bare";

  private ListenerDelivery() {}

  /**
   * Measures one rate and returns a line: the sender's achieved rates, the ratios (pooled, per
   * half, and their bootstrap interval), and where the time went.
   *
   * @param listener a started Detour listener (not subscribed to the benchmark's channel)
   * @param plainUrl the bare loop's and the sender's URL
   * @param login the login properties
   * @param rate notifications per second
   * @param perBlock notifications per block
   * @param blocks counted blocks per client
   * @param warmup uncounted blocks per client, first
   * @param detour where Detour's latencies go (microseconds)
   * @param bare where the bare loop's latencies go (microseconds)
   * @param wallOffsetNanos the wall clock's epoch nanoseconds minus {@code System.nanoTime()}, read
   *     when the listener was built (its {@code receivedAt} instants are anchored there)
   * @param together both clients on one channel (true) or ABBA blocks on two (false)
   */
  static String measure(
      DetourListener listener,
      String plainUrl,
      Properties login,
      int rate,
      int perBlock,
      int blocks,
      int warmup,
      Histogram detour,
      Histogram bare,
      long wallOffsetNanos,
      boolean together)
      throws Exception {
    Histogram[] detourHalves = {ListenerFigures.histogram(), ListenerFigures.histogram()};
    Histogram[] bareHalves = {ListenerFigures.histogram(), ListenerFigures.histogram()};
    PairedBlocks pairs = new PairedBlocks();
    Receiver detourReceiver = new Receiver(wallOffsetNanos);
    double[] achieved = new double[2];
    int rounds = warmup + blocks;
    String split;
    try (Connection sender = DriverManager.getConnection(plainUrl, login);
        BareLoop bareLoop =
            new BareLoop(plainUrl, login, together ? DETOUR_CHANNEL : BARE_CHANNEL)) {
      Subscription s = listener.subscribe(DETOUR_CHANNEL, detourReceiver);
      s.ready().get(10, TimeUnit.SECONDS);
      // together: every block goes to both clients at once, each notification timed by both
      for (int round = 0; together && round < rounds; round++) {
        boolean counted = round >= warmup;
        int half = (round - warmup) * 2 < blocks ? 0 : 1;
        detourReceiver.block = counted ? pairs.block(true, round - warmup) : null;
        detourReceiver.target = counted ? detourHalves[half] : null;
        bareLoop.block = counted ? pairs.block(false, round - warmup) : null;
        bareLoop.target = counted ? bareHalves[half] : null;
        double d =
            block(
                sender, DETOUR_CHANNEL, perBlock, rate, detourReceiver.received, bareLoop.received);
        if (counted) {
          achieved[0] += d;
          achieved[1] += d;
        }
      }
      // ABBA: each client goes first in half of the pairs
      for (int k = 0; !together && k < 2 * rounds; k++) {
        boolean detourNow = k % 4 == 0 || k % 4 == 3;
        int round = k / 2;
        Histogram target = null;
        Histogram block = null;
        if (round >= warmup) {
          int half = (round - warmup) * 2 < blocks ? 0 : 1;
          target = detourNow ? detourHalves[half] : bareHalves[half];
          block = pairs.block(detourNow, round - warmup);
        }
        Recording r = detourNow ? detourReceiver : bareLoop;
        r.block = block;
        r.target = target;
        double d =
            block(sender, detourNow ? DETOUR_CHANNEL : BARE_CHANNEL, perBlock, rate, r.received);
        if (target != null) {
          achieved[detourNow ? 0 : 1] += d;
        }
      }
      s.close();
      split = split(detourReceiver, bareLoop);
    }
    for (int h = 0; h < 2; h++) {
      detour.add(detourHalves[h]);
      bare.add(bareHalves[h]);
    }
    return String.format(
        Locale.ROOT,
        "delivery at %,d/s: sender achieved %.0f/s (Detour blocks) and %.0f/s (bare blocks);"
            + " %d blocks of %d per client after %d warm-up blocks, %s; Detour/bare p50 ×%.2f,"
            + " p99 ×%.2f (halves: p50 ×%.2f, ×%.2f; p99 ×%.2f, ×%.2f; %s); %s%n",
        rate,
        achieved[0] / blocks,
        achieved[1] / blocks,
        blocks,
        perBlock,
        warmup,
        together ? "both clients listening to the same notifications" : "ABBA",
        ratio(detour, bare, 50),
        ratio(detour, bare, 99),
        ratio(detourHalves[0], bareHalves[0], 50),
        ratio(detourHalves[1], bareHalves[1], 50),
        ratio(detourHalves[0], bareHalves[0], 99),
        ratio(detourHalves[1], bareHalves[1], 99),
        pairs.intervals(),
        split);
  }

  private static double ratio(Histogram detour, Histogram bare, double percentile) {
    return PairedBlocks.ratio(detour, bare, percentile);
  }

  /** Where the time goes: pgjdbc's batches, send to return, and Detour's hand-off. */
  private static String split(Receiver detour, BareLoop bare) {
    return String.format(
        Locale.ROOT,
        "getNotifications returned %.1f (bare) and %.1f (Detour) notifications per call, send to"
            + " return p50 %.2f and %.2f ms; Detour's hand-off from that return to the handler"
            + " p50 %.3f ms, p99 %.3f ms",
        bare.perCall(),
        detour.perCall(),
        bare.returned.getValueAtPercentile(50) / 1000.0,
        detour.returned.getValueAtPercentile(50) / 1000.0,
        detour.handOff.getValueAtPercentile(50) / 1e6,
        detour.handOff.getValueAtPercentile(99) / 1e6);
  }

  /**
   * Sends {@code n} notifications on {@code channel} at {@code rate}/s; returns the rate achieved.
   */
  private static double block(
      Connection sender, String channel, int n, int rate, AtomicLong... counters) throws Exception {
    for (AtomicLong received : counters) {
      received.set(0);
    }
    long start = System.nanoTime();
    long interval = 1_000_000_000L / rate;
    try (PreparedStatement ps = sender.prepareStatement("SELECT pg_notify(?, ?)")) {
      long next = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        ps.setString(1, channel);
        ps.setString(2, Long.toString(System.nanoTime()));
        ps.execute();
        next += interval;
      }
    }
    double achieved = n * 1e9 / (System.nanoTime() - start);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (AtomicLong received : counters) {
      while (received.get() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + received.get() + " of " + n + " notifications on " + channel + " in 30 s");
        }
        LockSupport.parkNanos(1_000_000);
      }
    }
    return achieved;
  }

  /** Where one client's latencies go: the current block's histogram, or none (warm-up). */
  private abstract static class Recording {
    final AtomicLong received = new AtomicLong();

    /** Send to getNotifications' return, microseconds, counted blocks only. */
    final Histogram returned = ListenerFigures.histogram();

    long calls;
    long counted;
    volatile Histogram target;
    volatile Histogram block;

    /**
     * Records one notification sent at {@code sent}, returned by getNotifications at {@code
     * returnedAt} and handled now; returns whether it was in a counted block.
     */
    boolean record(long sent, long returnedAt, boolean firstOfCall) {
      long latency = System.nanoTime() - sent;
      Histogram h = target;
      Histogram b = block;
      boolean counting = h != null;
      if (counting) {
        synchronized (this) {
          h.recordValue(ListenerFigures.micros(latency));
          b.recordValue(ListenerFigures.micros(latency));
          returned.recordValue(ListenerFigures.micros(returnedAt - sent));
          counted++;
          if (firstOfCall) {
            calls++;
          }
        }
      }
      received.incrementAndGet();
      return counting;
    }

    synchronized double perCall() {
      return calls == 0 ? Double.NaN : (double) counted / calls;
    }
  }

  /** Detour's handler. */
  private static final class Receiver extends Recording implements NotificationHandler {
    private final long wallOffsetNanos;

    /** From getNotifications' return (receivedAt) to the handler, nanoseconds. */
    final Histogram handOff = new Histogram(60_000_000_000L, 3);

    private Instant lastCall;

    Receiver(long wallOffsetNanos) {
      this.wallOffsetNanos = wallOffsetNanos;
    }

    @Override
    public void onNotification(Notification n) {
      long now = System.nanoTime();
      Instant at = n.receivedAt();
      long returnedAt = at.getEpochSecond() * 1_000_000_000L + at.getNano() - wallOffsetNanos;
      // one channel's handler runs one call at a time: no lock needed for lastCall
      boolean first = !at.equals(lastCall);
      lastCall = at;
      if (record(Long.parseLong(n.payload()), returnedAt, first)) {
        synchronized (this) {
          handOff.recordValue(Math.max(0, now - returnedAt));
        }
      }
    }
  }

  /** The baseline: one thread, one pgjdbc connection, {@code getNotifications(100)}. */
  private static final class BareLoop extends Recording implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Connection connection;
    private final Thread thread;

    BareLoop(String url, Properties login, String channel) throws Exception {
      connection = DriverManager.getConnection(url, login);
      try (Statement s = connection.createStatement()) {
        s.execute("LISTEN " + channel);
      }
      PGConnection pg = connection.unwrap(PGConnection.class);
      thread =
          new Thread(
              () -> {
                try {
                  while (running.get()) {
                    PGNotification[] ns = pg.getNotifications(100);
                    if (ns == null) {
                      continue;
                    }
                    long returnedAt = System.nanoTime();
                    for (int i = 0; i < ns.length; i++) {
                      record(Long.parseLong(ns[i].getParameter()), returnedAt, i == 0);
                    }
                  }
                } catch (Exception e) {
                  if (running.get()) {
                    throw new IllegalStateException(e);
                  }
                }
              },
              "bare-pgjdbc-loop");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws Exception {
      running.set(false);
      thread.join(Duration.ofSeconds(5).toMillis());
      connection.close();
    }
  }
}
