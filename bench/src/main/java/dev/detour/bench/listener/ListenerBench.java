package dev.detour.bench.listener;

import dev.detour.listener.DetourListener;
import dev.detour.listener.DetourListenerBuilder;
import dev.detour.listener.ListenerState;
import dev.detour.listener.Notification;
import dev.detour.listener.NotificationHandler;
import dev.detour.listener.Resync;
import dev.detour.testkit.NeonLikeFleet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Listener scenarios against a {@link NeonLikeFleet} (real DNS, fault proxies on 127.0.0.x, one
 * embedded PostgreSQL).
 *
 * <ol>
 *   <li><b>Delivery latency</b>, from the sender's {@code pg_notify} (autocommit: its commit) to
 *       the handler, at 1k and 10k notifications/s: Detour's {@link DetourListener} against a bare
 *       pgjdbc loop through the same proxy fleet, in short blocks, in up to 4 sessions that open
 *       both clients anew, each after a warm-up: by default both receive the same notifications; or
 *       ABBA blocks on two channels ({@link ListenerDelivery}).
 *   <li><b>Kill</b>: {@code pg_terminate_backend} on the listener's backend; time to the
 *       DISCONNECTED state (detection) and to the RECONNECTED resync in the handler.
 *   <li><b>Silent stall</b>: the proxy of the listener's address goes silent, heartbeat 1 s + 1 s;
 *       the same two times.
 * </ol>
 *
 * <p>Arguments: block length in milliseconds at the nominal rate (250: 250 notifications at 1k/s,
 * 2500 at 10k/s), counted blocks per client and rate (24; 0 skips the delivery scenarios), kill
 * samples (20), stall samples (8), and {@code together} (the default) or {@code abba} for the
 * delivery scenarios.
 */
public final class ListenerBench {

  private static final String CHANNEL = "bench";

  /** Uncounted blocks per client at the start of each session, so that both paths are warm. */
  private static final int WARMUP_BLOCKS = 2;

  private ListenerBench() {}

  /**
   * Runs the scenarios and prints a table.
   *
   * @param args see the class comment
   * @throws Exception if the lab fails
   */
  public static void main(String[] args) throws Exception {
    int blockMillis = arg(args, 0, 250);
    int blocks = arg(args, 1, 24);
    int kills = arg(args, 2, 20);
    int stalls = arg(args, 3, 8);
    boolean together = args.length <= 4 || !args[4].equalsIgnoreCase("abba");
    try (NeonLikeFleet fleet = NeonLikeFleet.start()) {
      System.out.printf(Locale.ROOT, "lab: %s%n", fleet);
      System.out.print(measure(fleet, blockMillis, blocks, kills, stalls, together).table());
    }
  }

  /**
   * Runs the scenarios on {@code fleet} (the benchmark suite's, or one of its own) and returns what
   * they measured, both delivery clients receiving the same notifications; prints the sender's
   * achieved rates as it goes.
   *
   * @param fleet the lab, faults cleared
   * @param blockMillis a block's length at the nominal rate, in milliseconds
   * @param blocks counted blocks per client and rate; 0 skips the delivery scenarios
   * @param kills kill samples
   * @param stalls stall samples
   * @return the histograms (microseconds) and the printed table
   * @throws Exception if the lab fails
   */
  public static ListenerFigures measure(
      NeonLikeFleet fleet, int blockMillis, int blocks, int kills, int stalls) throws Exception {
    return measure(fleet, blockMillis, blocks, kills, stalls, true);
  }

  /**
   * Like {@link #measure(NeonLikeFleet, int, int, int, int)}, choosing how the delivery clients
   * share the sender.
   *
   * @param fleet the lab, faults cleared
   * @param blockMillis a block's length at the nominal rate, in milliseconds
   * @param blocks counted blocks per client and rate; 0 skips the delivery scenarios
   * @param kills kill samples
   * @param stalls stall samples
   * @param together both clients receive the same notifications (true), or ABBA blocks (false)
   * @return the histograms (microseconds) and the printed table
   * @throws Exception if the lab fails
   */
  public static ListenerFigures measure(
      NeonLikeFleet fleet, int blockMillis, int blocks, int kills, int stalls, boolean together)
      throws Exception {
    ListenerFigures figures = new ListenerFigures();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "| %-34s | %-26s | %6s | %9s | %9s | %9s |%n",
            "scenario",
            "client",
            "n",
            "p50 ms",
            "p99 ms",
            "max ms"));
    out.append("|").append("-".repeat(36)).append("|").append("-".repeat(28));
    out.append("|--------|-----------|-----------|-----------|\n");
    {
      String db = fleet.postgres().database();
      Properties login = fleet.postgres().connectionProperties();
      String detourUrl = fleet.detourUrl(db) + "&sslmode=disable";
      String plainUrl =
          "jdbc:postgresql://"
              + fleet.addresses().get(0)
              + ":"
              + fleet.port()
              + "/"
              + db
              + "?sslmode=disable";
      for (int rate : blocks == 0 ? new int[0] : new int[] {1000, 10_000}) {
        Histogram detour = figures.detourDelivery(rate);
        Histogram bare = figures.bareDelivery(rate);
        int perBlock = Math.max(1, (int) ((long) rate * blockMillis / 1000));
        // sessions: each opens both clients anew (see ListenerDelivery)
        int sessions = Math.min(4, Math.max(1, blocks / 3));
        String line =
            ListenerDelivery.measure(
                () -> listener(detourUrl, login, Duration.ofSeconds(10)),
                plainUrl,
                login,
                rate,
                perBlock,
                blocks,
                WARMUP_BLOCKS,
                sessions,
                detour,
                bare,
                together);
        String scenario = String.format(Locale.ROOT, "delivery at %,d/s", rate);
        row(out, scenario, "Detour listener", detour);
        row(out, scenario, "bare pgjdbc loop", bare);
        System.out.print(line);
        figures.deliveryNotes.put(rate, line.trim());
      }

      Histogram killDetect = figures.killDetect;
      Histogram killResync = figures.killResync;
      Histogram stallDetect = figures.stallDetect;
      Histogram stallResync = figures.stallResync;
      String app = "detour-listener-bench";
      Properties tagged = new Properties();
      tagged.putAll(login);
      tagged.setProperty("ApplicationName", app);
      try (DetourListener listener = listener(detourUrl, tagged, Duration.ofSeconds(1))) {
        Timeline t = new Timeline();
        listener.addStateListener(t::state);
        listener.subscribe(CHANNEL, t);
        listener.start();
        for (int i = 0; i < kills; i++) {
          awaitConnected(listener);
          killBackend(fleet, app, t);
          t.await();
          killDetect.recordValue(micros(t.detected - t.start));
          killResync.recordValue(micros(t.resynced - t.start));
        }
        for (int i = 0; i < stalls; i++) {
          awaitConnected(listener);
          int index =
              listener
                  .health()
                  .address()
                  .map(a -> fleet.proxies().addresses().indexOf(a))
                  .orElseThrow();
          t.arm();
          fleet.stallConnections(index);
          t.await();
          stallDetect.recordValue(micros(t.detected - t.start));
          stallResync.recordValue(micros(t.resynced - t.start));
          fleet.clearFaults();
        }
      }
      row(out, "kill: to DISCONNECTED", "Detour listener", killDetect);
      row(out, "kill: to RECONNECTED resync", "Detour listener", killResync);
      row(out, "stall (1 s + 1 s): to DISCONNECTED", "Detour listener", stallDetect);
      row(out, "stall: to RECONNECTED resync", "Detour listener", stallResync);
    }
    figures.table = out.toString();
    return figures;
  }

  private static DetourListener listener(String url, Properties login, Duration heartbeat) {
    DetourListenerBuilder b = DetourListener.builder().url(url);
    for (String key : login.stringPropertyNames()) {
      if (key.equals("user")) {
        b.username(login.getProperty(key));
      } else if (key.equals("password")) {
        b.password(login.getProperty(key));
      } else {
        b.property(key, login.getProperty(key));
      }
    }
    // the backoff starts from its first delay at every loss, as after a healthy minute: each
    // sample measures the first reconnect, not the n-th of a series
    return b.heartbeatInterval(heartbeat)
        .heartbeatTimeout(heartbeat)
        .queueCapacity(100_000)
        .reconnectResetAfter(Duration.ZERO)
        .build();
  }

  private static void killBackend(NeonLikeFleet fleet, String app, Timeline t) throws Exception {
    try (Connection c = fleet.postgres().connectAsSuperuser();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      ps.setString(1, app);
      t.arm();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // one row per backend terminated
        }
      }
    }
  }

  private static void awaitConnected(DetourListener listener) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(listener.state() instanceof ListenerState.Connected)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not connected: " + listener.state());
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static long micros(long nanos) {
    return ListenerFigures.micros(nanos);
  }

  private static void row(StringBuilder out, String scenario, String client, Histogram h) {
    String line =
        String.format(
            Locale.ROOT,
            "| %-34s | %-26s | %6d | %9.2f | %9.2f | %9.2f |%n",
            scenario,
            client,
            h.getTotalCount(),
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            h.getMaxValue() / 1000.0);
    System.out.print(line); // at once too: a later scenario's failure must not lose it
    out.append(line);
  }

  /** Times one loss: detection (DISCONNECTED) and recovery (RECONNECTED resync). */
  private static final class Timeline implements NotificationHandler {
    volatile long start;
    volatile long detected;
    volatile long resynced;
    private volatile CountDownLatch done = new CountDownLatch(0);

    void arm() {
      detected = 0;
      resynced = 0;
      done = new CountDownLatch(1);
      start = System.nanoTime();
    }

    void state(ListenerState s) {
      if (s instanceof ListenerState.Disconnected && detected == 0) {
        detected = System.nanoTime();
      }
    }

    @Override
    public void onNotification(Notification n) {}

    @Override
    public void onResync(Resync r) {
      if (r.reason() == Resync.Reason.RECONNECTED) {
        resynced = System.nanoTime();
        done.countDown();
      }
    }

    void await() throws InterruptedException {
      if (!done.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no RECONNECTED resync within 30 s");
      }
    }
  }

  private static int arg(String[] args, int i, int def) {
    return args.length > i ? Integer.parseInt(args[i]) : def;
  }
}
