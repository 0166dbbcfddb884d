package dev.detour.router.internal;

import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RoutedSocket;
import dev.detour.router.RouterConfig;
import dev.detour.testkit.FakeClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A router on virtual time with a fake resolver, a scripted dialer and prober, and an event log.
 */
final class Harness implements AutoCloseable {

  static final String HOST = "db.neon.test";
  static final int PORT = 5432;
  static final Instant WALL_START = Instant.parse("2026-11-26T13:02:00Z");

  final FakeClock clock = new FakeClock();
  final FaultyScheduler scheduler = new FaultyScheduler(clock);
  final FakeResolver resolver = new FakeResolver();
  final ScriptedDialer dialer = new ScriptedDialer(clock);
  final ScriptedProber prober = new ScriptedProber(clock);
  final EventLog log = new EventLog(clock);
  final long t0 = clock.nanoTime();
  final RouterRuntime rt;
  final DefaultRouter router;

  Harness(RouterConfig config, int addresses) {
    resolver.set(HOST, ips(1, addresses));
    RouterEvents events = new RouterEvents();
    events.add(log);
    rt = new RouterRuntime(config, scheduler, wallClock(), new Random(42), events);
    router = new DefaultRouter(rt, resolver, false, false, dialer, prober);
  }

  /**
   * Defaults without jitter, so that open times are exact, and without background learning (its
   * tests turn it on), so that the other tests script every probe.
   */
  static RouterConfig.Builder config() {
    return RouterConfig.builder().openJitter(0).learning(false);
  }

  static InetSocketAddress addr(int last) {
    return new InetSocketAddress(ip(last), PORT);
  }

  static InetAddress ip(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static List<InetAddress> ips(int from, int to) {
    List<InetAddress> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(ip(i));
    }
    return out;
  }

  private Clock wallClock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return WALL_START.plusNanos(clock.nanoTime() - t0);
      }
    };
  }

  PendingConnect connect() {
    return router.connectAsync(HOST, PORT);
  }

  /** Connects and runs virtual time until the connect ends; returns the socket. */
  RoutedSocket connected() {
    PendingConnect p = connect();
    settle(p);
    return p.future().join();
  }

  /** Connects, runs virtual time until the connect ends, and returns its failure. */
  NoHealthyAddressException failed() {
    PendingConnect p = connect();
    settle(p);
    return (NoHealthyAddressException) failure(p);
  }

  /** Returns the failure of a finished connect; fails the test if it succeeded. */
  static Throwable failure(PendingConnect p) {
    try {
      p.future().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("connect succeeded");
  }

  /**
   * Connects through the production path, {@link DefaultRouter#connect}, on a caller thread of its
   * own (which runs the first dial, then waits on the ticker), and moves the clock in 1 ms steps,
   * each once the caller is waiting again, until it returns.
   *
   * @return the socket, or the exception the caller got
   */
  Object blockingConnect() {
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                result.complete(router.connect(HOST, PORT));
              } catch (Throwable e) {
                result.complete(e);
              }
            },
            "harness-caller");
    caller.setDaemon(true);
    caller.start();
    for (int i = 0; i < 20_000 && !result.isDone(); i++) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> result.isDone() || waiting(caller));
      if (!result.isDone()) {
        clock.advance(Duration.ofMillis(1));
      }
    }
    return result.join();
  }

  private static boolean waiting(Thread t) {
    Thread.State s = t.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }

  /** Advances in 1 ms steps until the connect is done (at most the budget plus a little). */
  void settle(PendingConnect p) {
    clock.runUntilIdle();
    for (int i = 0; i < 20_000 && !p.future().isDone(); i++) {
      clock.advance(Duration.ofMillis(1));
    }
  }

  long elapsedMillis() {
    return Duration.ofNanos(clock.nanoTime() - t0).toMillis();
  }

  @Override
  public void close() {
    router.close();
  }
}
