package dev.detour.bench.listener;

import dev.detour.bench.listener.DeliveryClients.BareLoop;
import dev.detour.bench.listener.DeliveryClients.Receiver;
import dev.detour.bench.listener.DeliveryClients.Recorder;
import dev.detour.listener.DetourListener;
import dev.detour.listener.Subscription;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

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
 * <p>The run is cut into sessions: each opens both clients anew (a new listener and a new bare
 * connection, so new backends and proxy connections), the Detour listener first in even sessions
 * and the bare loop first in odd ones. What is fixed for a connection's life (which backend
 * PostgreSQL signals first, which core a thread settles on) then varies within the run instead of
 * tilting a whole run one way. The first blocks of each session are a warm-up, not counted. The
 * histograms pool every counted block; the blocks are also kept in pairs, by session ({@link
 * PairedBlocks}: the ratio per session and a bootstrap interval), to show how stable the ratios
 * are. The sender puts {@code System.nanoTime()} in the payload.
 *
 * <p>Each latency is also split in two, to show where it goes: from the send to the return of
 * pgjdbc's {@code getNotifications} (for the bare loop it returns only after a 1 ms read finds
 * nothing more, so a steady stream is delivered in batches; Detour's socket answers that read at
 * once when nothing is buffered), and, for Detour, the hand-off from that return (the
 * notification's {@code receivedAt}) to the handler.
 */
final class ListenerDelivery {

  private static final String DETOUR_CHANNEL = "bench_detour";
  private static final String BARE_CHANNEL = "bench_bare";

  private ListenerDelivery() {}

  /**
   * Measures one rate and returns a line: the sender's achieved rates, the ratios (pooled, per
   * session, and their bootstrap interval), and where the time went.
   *
   * @param listeners builds a new, unstarted Detour listener for each session (closed here)
   * @param plainUrl the bare loop's and the sender's URL
   * @param login the login properties
   * @param rate notifications per second
   * @param perBlock notifications per block
   * @param blocks counted blocks per client, over all sessions
   * @param warmup uncounted blocks per client at the start of each session
   * @param sessions sessions (at least 1, at most {@code blocks})
   * @param detour where Detour's latencies go (microseconds)
   * @param bare where the bare loop's latencies go (microseconds)
   * @param together both clients on one channel (true) or ABBA blocks on two (false)
   */
  static String measure(
      Supplier<DetourListener> listeners,
      String plainUrl,
      Properties login,
      int rate,
      int perBlock,
      int blocks,
      int warmup,
      int sessions,
      Histogram detour,
      Histogram bare,
      boolean together)
      throws Exception {
    sessions = Math.max(1, Math.min(sessions, blocks));
    PairedBlocks pairs = new PairedBlocks();
    Receiver receiver = new Receiver();
    Recorder bareRecorder = new Recorder();
    double[] achieved = new double[2];
    String bareChannel = together ? DETOUR_CHANNEL : BARE_CHANNEL;
    try (Connection sender = DriverManager.getConnection(plainUrl, login)) {
      int first = 0;
      for (int session = 0; session < sessions; session++) {
        int end = (int) ((long) blocks * (session + 1) / sessions);
        BareLoop bareLoop = null;
        DetourListener listener = null;
        try {
          if (session % 2 == 1) {
            bareLoop = new BareLoop(plainUrl, login, bareChannel, bareRecorder);
          }
          receiver.anchorNow();
          listener = listeners.get();
          listener.start();
          Subscription s = listener.subscribe(DETOUR_CHANNEL, receiver);
          s.ready().get(10, TimeUnit.SECONDS);
          if (bareLoop == null) {
            bareLoop = new BareLoop(plainUrl, login, bareChannel, bareRecorder);
          }
          Block block = new Block(sender, perBlock, rate, pairs, session, receiver, bareRecorder);
          for (int i = first - warmup; i < end; i++) {
            block.run(i >= first ? i : -1, together, i, achieved);
          }
        } finally {
          if (listener != null) {
            listener.close();
          }
          if (bareLoop != null) {
            bareLoop.close();
          }
        }
        first = end;
      }
    }
    pairs.addTo(detour, bare);
    return String.format(
        Locale.ROOT,
        "delivery at %,d/s: sender achieved %.0f/s (Detour blocks) and %.0f/s (bare blocks);"
            + " %d blocks of %d per client in %d sessions, each after %d warm-up blocks, %s;"
            + " Detour/bare p50 ×%.3f, p99 ×%.3f (%s); %s%n",
        rate,
        achieved[0] / blocks,
        achieved[1] / blocks,
        blocks,
        perBlock,
        sessions,
        warmup,
        together ? "both clients listening to the same notifications" : "ABBA",
        PairedBlocks.ratio(detour, bare, 50),
        PairedBlocks.ratio(detour, bare, 99),
        pairs.intervals(),
        split(receiver, bareRecorder));
  }

  /** Where the time goes: pgjdbc's batches, send to return, and Detour's hand-off. */
  private static String split(Receiver detour, Recorder bare) {
    return String.format(
        Locale.ROOT,
        "getNotifications returned %.1f (bare) and %.1f (Detour) notifications per call, send to"
            + " return p50 %.2f and %.2f ms, p99 %.2f and %.2f ms; Detour's hand-off from that"
            + " return to the handler p50 %.3f ms, p99 %.3f ms",
        bare.perCall(),
        detour.recorder.perCall(),
        bare.returned.getValueAtPercentile(50) / 1000.0,
        detour.recorder.returned.getValueAtPercentile(50) / 1000.0,
        bare.returned.getValueAtPercentile(99) / 1000.0,
        detour.recorder.returned.getValueAtPercentile(99) / 1000.0,
        detour.handOff.getValueAtPercentile(50) / 1e6,
        detour.handOff.getValueAtPercentile(99) / 1e6);
  }

  /** One session's blocks: where each goes and what it records. */
  private record Block(
      Connection sender,
      int perBlock,
      int rate,
      PairedBlocks pairs,
      int session,
      Receiver receiver,
      Recorder bare) {

    /**
     * Sends block number {@code counted} ({@code -1} for a warm-up); {@code k} orders the ABBA
     * blocks.
     */
    void run(int counted, boolean together, int k, double[] achieved) throws Exception {
      Recorder detour = receiver.recorder;
      if (together) {
        aim(detour, true, counted);
        aim(bare, false, counted);
        double d = send(sender, DETOUR_CHANNEL, perBlock, rate, detour.received, bare.received);
        if (counted >= 0) {
          achieved[0] += d;
          achieved[1] += d;
        }
        return;
      }
      // ABBA: each client goes first in every other pair
      for (int half = 0; half < 2; half++) {
        boolean detourNow = (k % 2 == 0) == (half == 0);
        Recorder r = detourNow ? detour : bare;
        aim(r, detourNow, counted);
        double d =
            send(sender, detourNow ? DETOUR_CHANNEL : BARE_CHANNEL, perBlock, rate, r.received);
        if (counted >= 0) {
          achieved[detourNow ? 0 : 1] += d;
        }
        aim(r, detourNow, -1);
      }
    }

    private void aim(Recorder r, boolean ofDetour, int counted) {
      if (counted < 0) {
        r.aim(null, null);
      } else {
        r.aim(pairs.pooled(ofDetour), pairs.block(ofDetour, counted, session));
      }
    }
  }

  /**
   * Sends {@code n} notifications on {@code channel} at {@code rate}/s, waits until every counter
   * saw them all; returns the rate achieved.
   */
  private static double send(
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
}
