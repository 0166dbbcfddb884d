package dev.detour.bench.listener;

import dev.detour.listener.Notification;
import dev.detour.listener.NotificationHandler;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The two clients of {@link ListenerDelivery} and what they record. */
final class DeliveryClients {

  private DeliveryClients() {}

  /**
   * Where one client's latencies go (the current block's histograms, or none in a warm-up), kept
   * across the run's sessions; and how pgjdbc returned them.
   */
  static final class Recorder {
    final AtomicLong received = new AtomicLong();

    /** Send to getNotifications' return, microseconds, counted blocks only. */
    final Histogram returned = ListenerFigures.histogram();

    private long calls;
    private long counted;
    volatile Histogram target;
    volatile Histogram block;

    /** Points the recorder at a counted block's histograms, or at none (null, null). */
    void aim(Histogram target, Histogram block) {
      this.block = block;
      this.target = target;
    }

    /**
     * Records one notification sent at {@code sent}, returned by getNotifications at {@code
     * returnedAt} and handled now; returns whether it was in a counted block.
     */
    boolean record(long sent, long returnedAt, boolean firstOfCall) {
      long latency = System.nanoTime() - sent;
      Histogram h = target;
      Histogram b = block;
      boolean counting = h != null && b != null;
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

  /** Detour's handler; its recorder and hand-off histogram are kept across sessions. */
  static final class Receiver implements NotificationHandler {
    final Recorder recorder = new Recorder();

    /** From getNotifications' return (receivedAt) to the handler, nanoseconds. */
    final Histogram handOff = new Histogram(60_000_000_000L, 3);

    private volatile long wallOffsetNanos;
    private Instant lastCall;

    /**
     * Reads the wall clock's offset from {@code System.nanoTime()} (the median of 9 reads): call
     * right before a listener is built, since its instants are anchored to the wall clock then and
     * follow {@code System.nanoTime()} since, so that this offset turns its {@code receivedAt} back
     * into {@code System.nanoTime()}.
     */
    void anchorNow() {
      long[] reads = new long[9];
      for (int i = 0; i < reads.length; i++) {
        Instant wall = Instant.now();
        reads[i] = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - System.nanoTime();
      }
      Arrays.sort(reads);
      wallOffsetNanos = reads[reads.length / 2];
    }

    @Override
    public void onNotification(Notification n) {
      long now = System.nanoTime();
      Instant at = n.receivedAt();
      long returnedAt = at.getEpochSecond() * 1_000_000_000L + at.getNano() - wallOffsetNanos;
      // one channel's handler runs one call at a time: no lock needed for lastCall
      boolean first = !at.equals(lastCall);
      lastCall = at;
      if (recorder.record(Long.parseLong(n.payload()), returnedAt, first)) {
        synchronized (this) {
          handOff.recordValue(Math.max(0, now - returnedAt));
        }
      }
    }
  }

  /** The baseline: one thread, one pgjdbc connection, {@code getNotifications(100)}. */
  static final class BareLoop implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Connection connection;
    private final Thread thread;

    BareLoop(String url, Properties login, String channel, Recorder recorder) throws Exception {
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
                      recorder.record(Long.parseLong(ns[i].getParameter()), returnedAt, i == 0);
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
