package dev.detour.router.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.core.Cancellable;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.RoutedSocket;
import dev.detour.router.RouterConfig;
import dev.detour.router.internal.HandshakeTimes;
import dev.detour.router.internal.HeardSocket;
import dev.detour.testkit.FakeClock;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The driver's handshake hedge on virtual time: the hedge's timer and connection run on a {@link
 * FakeClock}; the primary connection blocks a test thread, as pgjdbc blocks the caller's.
 */
class HandshakeHedgeTest {

  private static final RouterConfig CONFIG = RouterConfig.defaults();
  private static final Duration WAIT = Duration.ofSeconds(30); // real time, for the test thread

  /** A routed socket that records what it was told; its socket may be a {@link HeardSocket}. */
  static final class Routed implements RoutedSocket {
    final InetSocketAddress address;
    final Socket socket;
    final AtomicInteger ready = new AtomicInteger();
    final AtomicReference<Throwable> failed = new AtomicReference<>();

    Routed(int last, Socket socket) {
      this.address = new InetSocketAddress("127.0.0." + last, 5432);
      this.socket = socket;
    }

    @Override
    public Socket socket() {
      return socket;
    }

    @Override
    public String host() {
      return "db.neon.test";
    }

    @Override
    public InetSocketAddress address() {
      return address;
    }

    @Override
    public List<AttemptOutcome> attempts() {
      return List.of();
    }

    @Override
    public long elapsedNanos() {
      return 0;
    }

    @Override
    public void markReady() {
      ready.incrementAndGet();
    }

    @Override
    public void markFailed(Throwable cause) {
      failed.compareAndSet(null, cause);
      try {
        socket.close();
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /**
   * A fake pgjdbc: each connect attaches the next scripted socket, then waits until the test
   * releases it (ready) or its socket is closed (failure), as a blocked handshake read would.
   */
  static final class FakePgjdbc implements HandshakeHedge.Opener {
    final List<Routed> sockets;
    final Map<Routed, CompletableFuture<Boolean>> release = new ConcurrentHashMap<>();
    final List<PendingConnection> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    FakePgjdbc(Routed... sockets) {
      this.sockets = List.of(sockets);
      for (Routed r : sockets) {
        release.put(r, new CompletableFuture<>());
      }
    }

    @Override
    public Connection open(PendingConnection pending) throws SQLException {
      seen.add(pending);
      Routed r = sockets.get(next.getAndIncrement());
      try {
        pending.nextRouteBudget();
        pending.attach(r);
      } catch (IOException e) {
        throw new SQLException(e);
      }
      CompletableFuture<Boolean> gate = release.get(r);
      while (true) {
        if (r.socket.isClosed()) {
          throw new SQLException(
              "An I/O error occurred", "08006", new java.net.SocketException("Socket closed"));
        }
        try {
          if (gate.get(5, TimeUnit.MILLISECONDS)) {
            return connection();
          }
        } catch (java.util.concurrent.TimeoutException e) {
          // look at the socket again
        } catch (Exception e) {
          throw new SQLException(e);
        }
      }
    }

    void ready(Routed r) {
      release.get(r).complete(true);
    }
  }

  static Connection connection() {
    return (Connection)
        Proxy.newProxyInstance(
            HandshakeHedgeTest.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (p, m, a) -> m.getName().equals("isClosed") ? false : null);
  }

  private static CompletableFuture<HandshakeHedge.Opened> connectOnAThread(HandshakeHedge hedge) {
    CompletableFuture<HandshakeHedge.Opened> out = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                out.complete(hedge.connect());
              } catch (Throwable e) {
                out.completeExceptionally(e);
              }
            },
            "hedge-test-caller");
    t.setDaemon(true);
    t.start();
    return out;
  }

  /** Timers on the fake clock; work (the hedge's blocking connect) on a thread of its own. */
  static Scheduler threaded(FakeClock clock) {
    return new Scheduler() {
      @Override
      public Ticker ticker() {
        return clock;
      }

      @Override
      public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return clock.schedule(task, delay, unit);
      }

      @Override
      public void execute(Runnable task) {
        Thread t = new Thread(task, "hedge-test-worker");
        t.setDaemon(true);
        t.start();
      }

      @Override
      public void close() {}
    };
  }

  private static HandshakeHedge hedge(FakeClock clock, HandshakeTimes times, FakePgjdbc pg) {
    PendingConnection primary = PendingConnections.open(CONFIG, clock);
    return new HandshakeHedge(CONFIG, clock, threaded(clock), times, pg, primary);
  }

  /** Timers on the fake clock; work queued until the test runs it (every worker is busy). */
  static final class BusyWorkers implements Scheduler {
    final FakeClock clock;
    final List<Runnable> queued = new java.util.concurrent.CopyOnWriteArrayList<>();

    BusyWorkers(FakeClock clock) {
      this.clock = clock;
    }

    @Override
    public Ticker ticker() {
      return clock;
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
      return clock.schedule(task, delay, unit);
    }

    @Override
    public void execute(Runnable task) {
      queued.add(task);
    }

    /** A worker frees up: runs the oldest queued task on a thread of its own. */
    void runNext() {
      Thread t = new Thread(queued.remove(0), "hedge-test-worker");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() {}
  }

  @Test
  void aHedgeQueuedBehindBusyWorkersGetsOnlyWhatIsLeftOfTheConnectsBudget() throws Exception {
    // the 13.5 s connect of the "stalled handshakes" benchmark: a hedge whose task waited 3.5 s
    // for a worker used to get the 8 s that were left when its timer fired, counted from when it
    // finally ran: its watchdog fired at 2 + 3.5 + 8 = 13.5 s, past the connect's 10 s budget
    FakeClock clock = new FakeClock();
    BusyWorkers workers = new BusyWorkers(clock);
    Routed stalled = new Routed(1, new HeardSocket());
    Routed hedgeSocket = new Routed(2, new Socket());
    FakePgjdbc pg = new FakePgjdbc(stalled, hedgeSocket);
    PendingConnection primary = PendingConnections.open(CONFIG, clock);
    CompletableFuture<HandshakeHedge.Opened> result =
        connectOnAThread(
            new HandshakeHedge(CONFIG, clock, workers, new HandshakeTimes(), pg, primary));
    Awaitility.await().atMost(WAIT).until(() -> clock.pendingTimers() == 1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(workers.queued).as("the hedge waits for a worker").hasSize(1);

    clock.advance(Duration.ofMillis(3_500));
    workers.runNext();
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> pg.seen.size() == 2 && pg.seen.get(1).current().isPresent());

    assertThat(pg.seen.get(1).remainingBudget())
        .as("the hedge shares the connect's deadline (10 s from the driver call)")
        .isEqualTo(Duration.ofMillis(4_500));
    pg.ready(hedgeSocket);
    assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).hedged()).isTrue();
  }

  @Test
  void theBudgetCountsFromTheDriverCallNotFromTheFirstRoute() throws Exception {
    FakeClock clock = new FakeClock();
    PendingConnection primary = PendingConnections.open(CONFIG, clock);
    clock.advance(Duration.ofSeconds(1)); // a new router built, pgjdbc set up, before routing

    assertThat(primary.nextRouteBudget()).isEqualTo(Duration.ofSeconds(9));
    assertThat(primary.remainingBudget()).isEqualTo(Duration.ofSeconds(9));
    PendingConnections.close(primary);
  }

  @Test
  void aSilentHandshakeIsHedgedAfterTwoSecondsAndChargedWhenTheHedgeWins() throws Exception {
    FakeClock clock = new FakeClock();
    Routed stalled = new Routed(1, new HeardSocket()); // accepted TCP, sent nothing
    Routed healthy = new Routed(2, new Socket());
    FakePgjdbc pg = new FakePgjdbc(stalled, healthy);
    pg.ready(healthy); // the second connection is ready as soon as it is attached
    CompletableFuture<HandshakeHedge.Opened> result =
        connectOnAThread(hedge(clock, new HandshakeTimes(), pg));
    Awaitility.await().atMost(WAIT).until(() -> clock.pendingTimers() == 1);

    clock.advance(Duration.ofMillis(1_999));
    assertThat(pg.seen).as("no hedge before the 2 s default delay").hasSize(1);
    clock.advance(Duration.ofMillis(1));

    HandshakeHedge.Opened opened = result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(opened.hedged()).isTrue();
    assertThat(pg.seen.get(1).avoid())
        .as("the hedge asks for another address")
        .containsExactly(stalled.address);
    assertThat(pg.seen.get(1).remainingBudget()).isEqualTo(Duration.ofSeconds(8));
    assertThat(stalled.failed.get())
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("handshake stalled: nothing received in 2s");
    assertThat(stalled.socket.isClosed()).isTrue();
    assertThat(healthy.failed.get()).isNull();
  }

  @Test
  void aHandshakeThatAnsweredButIsSlowIsNotChargedWhenTheHedgeWins() throws Exception {
    FakeClock clock = new FakeClock();
    Routed slow = new Routed(1, new Socket()); // a plain socket: not known to be silent
    Routed healthy = new Routed(2, new Socket());
    FakePgjdbc pg = new FakePgjdbc(slow, healthy);
    pg.ready(healthy);
    CompletableFuture<HandshakeHedge.Opened> result =
        connectOnAThread(hedge(clock, new HandshakeTimes(), pg));
    Awaitility.await().atMost(WAIT).until(() -> clock.pendingTimers() == 1);

    clock.advance(Duration.ofSeconds(2));

    assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).hedged()).isTrue();
    assertThat(slow.failed.get()).isNull();
    assertThat(slow.ready.get())
        .as("released without blame, and without a handshake success it never had")
        .isZero();
    assertThat(slow.socket.isClosed()).isTrue();
  }

  @Test
  void whenThePrimaryBecomesReadyFirstTheHedgeIsClosedAndNobodyIsCharged() throws Exception {
    FakeClock clock = new FakeClock();
    Routed slow = new Routed(1, new HeardSocket());
    Routed alsoSlow = new Routed(2, new HeardSocket());
    FakePgjdbc pg = new FakePgjdbc(slow, alsoSlow);
    HandshakeHedge hedge = hedge(clock, new HandshakeTimes(), pg);
    CompletableFuture<HandshakeHedge.Opened> result = connectOnAThread(hedge);
    Awaitility.await().atMost(WAIT).until(() -> clock.pendingTimers() == 1);
    clock.advance(Duration.ofSeconds(2));
    Awaitility.await().atMost(WAIT).until(() -> pg.seen.size() == 2);

    pg.ready(slow); // both slow: the primary is ready first

    assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).hedged()).isFalse();
    Awaitility.await().atMost(WAIT).until(alsoSlow.socket::isClosed);
    assertThat(slow.failed.get()).isNull();
    assertThat(alsoSlow.failed.get()).isNull();
  }

  @Test
  void aHandshakeReadyWithinTheDelayStartsNoHedgeAndTeachesTheDelay() throws Exception {
    FakeClock clock = new FakeClock();
    HandshakeTimes times = new HandshakeTimes();
    Routed fast = new Routed(1, new HeardSocket());
    FakePgjdbc pg = new FakePgjdbc(fast);
    CompletableFuture<HandshakeHedge.Opened> result = connectOnAThread(hedge(clock, times, pg));
    Awaitility.await().atMost(WAIT).until(() -> clock.pendingTimers() == 1);
    clock.advance(Duration.ofMillis(700));

    pg.ready(fast);

    assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).hedged()).isFalse();
    assertThat(clock.pendingTimers()).as("the hedge timer is cancelled").isZero();
    assertThat(pg.seen).hasSize(1);
    assertThat(times.hedgeDelayNanos()).isEqualTo(Duration.ofMillis(1_400).toNanos());
  }

  @Test
  void theHedgeDelayIsTwiceTheP99ClampedToOneToFourSecondsAndTwoWithoutHistory() {
    HandshakeTimes times = new HandshakeTimes();
    assertThat(times.hedgeDelayNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
    for (int i = 0; i < 100; i++) {
      times.record(Duration.ofMillis(20).toNanos());
    }
    assertThat(times.hedgeDelayNanos()).as("floor").isEqualTo(Duration.ofSeconds(1).toNanos());
    for (int i = 0; i < 2; i++) {
      times.record(Duration.ofMillis(1_200).toNanos()); // 2 of 102: above the p99
    }
    assertThat(times.hedgeDelayNanos()).isEqualTo(Duration.ofMillis(2_400).toNanos());
    for (int i = 0; i < 10; i++) {
      times.record(Duration.ofSeconds(3).toNanos());
    }
    assertThat(times.hedgeDelayNanos()).as("ceiling").isEqualTo(Duration.ofSeconds(4).toNanos());
  }

  @Test
  void withTheHedgeTurnedOffNoTimerIsArmed() throws Exception {
    FakeClock clock = new FakeClock();
    RouterConfig off = RouterConfig.builder().handshakeHedge(false).build();
    Routed fast = new Routed(1, new HeardSocket());
    FakePgjdbc pg = new FakePgjdbc(fast);
    PendingConnection primary = PendingConnections.open(off, clock);
    CompletableFuture<HandshakeHedge.Opened> result =
        connectOnAThread(
            new HandshakeHedge(off, clock, threaded(clock), new HandshakeTimes(), pg, primary));
    Awaitility.await().atMost(WAIT).until(() -> primary.current().isPresent());
    assertThat(clock.pendingTimers()).isZero();
    pg.ready(fast);
    assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).hedged()).isFalse();
  }
}
