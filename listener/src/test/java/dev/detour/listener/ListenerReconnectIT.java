package dev.detour.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.core.Ticker;
import dev.detour.core.TickerClock;
import dev.detour.router.AddressHealth;
import dev.detour.router.RouterEventListener;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Losses of the listener's connection: killed, stalled, refused credentials, closed in backoff. */
class ListenerReconnectIT {

  /**
   * Allowance for a loaded 2-core machine (about six parallel Maven builds) on top of each promise:
   * scheduling delays of a few hundred milliseconds were seen there, never a second.
   */
  private static final Duration SHARED_MACHINE_MARGIN = Duration.ofMillis(750);

  private ListenerLab lab;

  @BeforeEach
  void startLab() {
    lab = new ListenerLab(4);
  }

  @AfterEach
  void stopLab() {
    lab.close();
  }

  @Test
  void killedBackendReconnectsAndDeliversReconnectedResyncWithinOneSecond() throws Exception {
    Recorder r = new Recorder();
    // the listener anchors its clock to this one, which reads the same ticker: both read alike
    TickerClock clock = TickerClock.anchored(Ticker.system(), Clock.systemUTC());
    try (DetourListener listener = lab.builder().clock(clock).build()) {
      listener.subscribe("jobs", r);
      listener.start();
      Instant killedAt = clock.instant();
      long start = System.nanoTime();
      assertThat(lab.killListener()).isEqualTo(1);
      // promise: 1 s (backoff 250 ms ± 50 %, then connect and LISTEN through a warm router)
      await()
          .atMost(Duration.ofSeconds(1).plus(SHARED_MACHINE_MARGIN))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> r.count(Resync.Reason.RECONNECTED) == 1);
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      Resync resync = r.resyncs().get(1);
      assertThat(resync.gapStart()).get().matches(t -> !t.isAfter(killedAt), "before the kill");
      assertThat(resync.gapDuration()).isPositive();
      assertThat(Duration.between(resync.gapStart().orElseThrow(), resync.gapEnd()))
          .as("the gap's instants and its duration read the same ticker")
          .isEqualTo(resync.gapDuration());
      assertThat(listener.health().reconnects()).isEqualTo(1);
      listener.notify("jobs", "after");
      await().atMost(Duration.ofSeconds(5)).until(() -> r.notifications().size() == 1);
      assertThat(r.events().get(r.events().size() - 1)).isInstanceOf(Notification.class);
      System.out.println("kill -> RECONNECTED resync: " + tookMillis + " ms");
    }
  }

  @Test
  void silentStallIsDetectedWithinIntervalPlusTimeoutAndTheListenerMovesToAnotherAddress()
      throws Exception {
    Recorder r = new Recorder();
    List<InetSocketAddress> dialed = new CopyOnWriteArrayList<>();
    List<ListenerState> states = new CopyOnWriteArrayList<>();
    try (DetourListener listener =
        lab.builder()
            .heartbeatInterval(Duration.ofSeconds(1))
            .heartbeatTimeout(Duration.ofSeconds(1))
            .build()) {
      listener.subscribe("jobs", r);
      listener.addStateListener(states::add);
      listener.start();
      int stalled = lab.indexOf(listener);
      InetSocketAddress stalledAddress = lab.fleet.proxies().addresses().get(stalled);
      AutoCloseable tap =
          lab.router()
              .addListener(
                  new RouterEventListener() {
                    @Override
                    public void attemptStart(
                        String host, InetSocketAddress address, long timeoutNanos) {
                      dialed.add(address);
                    }
                  });
      long stallStart = System.nanoTime();
      lab.fleet.stallConnections(stalled);
      await()
          .atMost(Duration.ofSeconds(2).plus(SHARED_MACHINE_MARGIN))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> states.stream().anyMatch(s -> s instanceof ListenerState.Disconnected));
      long detectedMillis = (System.nanoTime() - stallStart) / 1_000_000;
      await().atMost(Duration.ofSeconds(5)).until(() -> r.count(Resync.Reason.RECONNECTED) == 1);
      tap.close();

      assertThat(lab.indexOf(listener)).isNotEqualTo(stalled).isNotNegative();
      assertThat(dialed)
          .as("the stalled address is not dialed again")
          .doesNotContain(stalledAddress);
      assertThat(
              lab.router().health(lab.fleet.hostName(), lab.fleet.port()).stream()
                  .filter(h -> h.address().equals(stalledAddress))
                  .map(AddressHealth::state))
          .containsExactly(AddressHealth.State.OPEN);
      ListenerState.Disconnected lost = ListenerLab.firstLoss(states);
      assertThat(lost.cause()).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
      System.out.println("silent stall detected after " + detectedMillis + " ms");
    }
  }

  @Test
  void everyOneOfTwentyForcedReconnectsGivesExactlyOneResyncBeforeNewNotifications()
      throws Exception {
    Recorder r = new Recorder();
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    try (DetourListener listener =
        lab.builder()
            .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100), 2, 0.5)
            .build()) {
      listener.subscribe("ticks", r);
      listener.start();
      Thread sender =
          new Thread(
              () -> {
                try (Connection c = lab.direct();
                    PreparedStatement ps = c.prepareStatement("SELECT pg_notify('ticks', ?)")) {
                  for (int i = 0; i < 100_000 && sending.get(); i++) {
                    ps.setString(1, Integer.toString(i));
                    ps.execute();
                    sent.incrementAndGet();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              "ticks-sender");
      sender.setDaemon(true);
      sender.start();
      for (int k = 1; k <= 20; k++) {
        int round = k;
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () ->
                    listener.health().reconnects() == round - 1
                        && listener.state() instanceof ListenerState.Connected);
        assertThat(lab.killListener()).isEqualTo(1);
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> r.count(Resync.Reason.RECONNECTED) == round);
      }
      sending.set(false);
      sender.join(TimeUnit.SECONDS.toMillis(10));

      assertThat(r.count(Resync.Reason.INITIAL)).isEqualTo(1);
      assertThat(r.count(Resync.Reason.RECONNECTED)).isEqualTo(20);
      assertThat(listener.health().reconnects()).isEqualTo(20);
      List<Object> events = r.events();
      assertThat(events.get(0)).isInstanceOf(Resync.class);
      // Each RECONNECTED resync is the boundary between two connections: every notification after
      // it was read after its LISTEN committed, every one before it was read before. An OVERFLOW
      // resync (the sender outruns the queue) is dated when its last dropped notification was
      // read, so the notifications queued after it were read no earlier.
      Instant boundary = Instant.MIN;
      int lastSeq = -1;
      List<Integer> seen = new ArrayList<>();
      for (Object e : events) {
        if (e instanceof Resync) {
          Resync resync = (Resync) e;
          assertThat(resync.gapEnd()).isAfterOrEqualTo(boundary);
          boundary = resync.gapEnd();
        } else {
          Notification n = (Notification) e;
          // Both instants read the listener's ticker clock on the connection thread, so they are
          // ordered exactly as the reads were, whatever the system clock does meanwhile.
          assertThat(n.receivedAt()).isAfterOrEqualTo(boundary);
          int seq = Integer.parseInt(n.payload());
          assertThat(seq).as("no duplicate, in order").isGreaterThan(lastSeq);
          lastSeq = seq;
          seen.add(seq);
        }
      }
      assertThat(seen).isNotEmpty();
      System.out.println(
          "20 reconnects: " + seen.size() + " of " + sent.get() + " notifications delivered");
    }
  }

  @Test
  void closeDuringBackoffReturnsPromptlyAndLeavesNoThreadBehind() throws Exception {
    List<ListenerState> states = new CopyOnWriteArrayList<>();
    DetourListener listener =
        lab.builder()
            .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 1, 0)
            .build();
    listener.addStateListener(states::add);
    listener.subscribe("jobs", new Recorder());
    listener.start();
    String prefix = listener.toString().substring(0, listener.toString().indexOf('['));
    assertThat(threadsNamed(prefix)).isNotEmpty();
    lab.killListener();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> listener.state() instanceof ListenerState.Reconnecting);
    long start = System.nanoTime();
    assertThat(listener.close(Duration.ofSeconds(2))).isTrue();
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    // promise: leaving a backoff wait is immediate; the margin covers thread scheduling only
    assertThat(tookMillis).isLessThan(SHARED_MACHINE_MARGIN.toMillis());
    assertThat(listener.state()).isInstanceOf(ListenerState.Closed.class);
    await().atMost(Duration.ofSeconds(2)).until(() -> threadsNamed(prefix).isEmpty());
    assertThat(listener.close(Duration.ofSeconds(1))).as("idempotent").isTrue();
  }

  @Test
  void wrongPasswordFailsForGoodWithoutRetrying() {
    List<ListenerState> states = new CopyOnWriteArrayList<>();
    DetourListener listener =
        lab.builder().password("not-the-password").startTimeout(Duration.ofSeconds(20)).build();
    listener.addStateListener(states::add);
    long start = System.nanoTime();
    assertThatThrownBy(listener::start)
        .isInstanceOf(ListenerException.class)
        .hasMessageContaining("failed for good")
        .hasMessageNotContaining("not-the-password");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    // a slow DNS answer on a loaded machine may cost a retry before the server is reached; the
    // authentication error itself is never retried: it goes straight to FAILED
    assertThat(states)
        .noneMatch(
            s ->
                s instanceof ListenerState.Disconnected
                    && String.valueOf(((ListenerState.Disconnected) s).cause())
                        .contains("password"));
    assertThat(states.get(states.size() - 1)).isInstanceOf(ListenerState.Failed.class);
    assertThat(listener.state()).isInstanceOf(ListenerState.Failed.class);
  }

  private static List<String> threadsNamed(String prefix) {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix + "-") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }
}
