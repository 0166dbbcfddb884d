package dev.detour.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slow handler against a real server: the first notification blocks the handler, 19 more arrive
 * into a queue of 5, and each overflow policy does what it documents.
 */
class ListenerOverflowIT {

  private static ListenerLab lab;

  @BeforeAll
  static void startLab() {
    lab = new ListenerLab(2);
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  /** Blocks in the first notification until released, recording everything. */
  private static final class SlowHandler extends Recorder {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onNotification(Notification n) {
      super.onNotification(n);
      if (n.payload().equals("0")) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void send(String channel, int from, int to) throws Exception {
    try (Connection c = lab.direct();
        PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      c.setAutoCommit(false);
      for (int i = from; i < to; i++) {
        ps.setString(1, channel);
        ps.setString(2, Integer.toString(i));
        ps.execute();
      }
      c.commit();
    }
  }

  private static List<String> trace(Recorder r) {
    return r.events().stream()
        .map(
            e ->
                e instanceof Notification
                    ? ((Notification) e).payload()
                    : ((Resync) e).reason()
                        + (((Resync) e).dropped() > 0 ? ":" + ((Resync) e).dropped() : ""))
        .collect(Collectors.toList());
  }

  private static SlowHandler overflow(DetourListener listener, String channel) throws Exception {
    SlowHandler h = new SlowHandler();
    listener.subscribe(channel, h).ready().get(10, TimeUnit.SECONDS);
    send(channel, 0, 1);
    assertThat(h.entered.await(10, TimeUnit.SECONDS)).isTrue();
    send(channel, 1, 20);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                listener.health().queuedNotifications() >= 1
                    && listener.health().sinceLastNotification().isPresent());
    return h;
  }

  @Test
  void coalesceAndResyncReplacesTheDroppedNotificationsWithOneOverflowResync() throws Exception {
    try (DetourListener listener = lab.builder().queueCapacity(5).build()) {
      listener.start();
      SlowHandler h = overflow(listener, "coalesce");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> listener.health().queuedNotifications() == 1);
      h.release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> trace(h).contains("19"));
      assertThat(trace(h)).containsExactly("INITIAL", "0", "OVERFLOW:18", "19");
    }
  }

  @Test
  void dropNewestKeepsTheQueueAndDropsWhatDoesNotFit() throws Exception {
    try (DetourListener listener =
        lab.builder().queueCapacity(5).overflowPolicy(OverflowPolicy.DROP_NEWEST).build()) {
      listener.start();
      SlowHandler h = overflow(listener, "drop");
      h.release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> trace(h).contains("5"));
      assertThat(trace(h)).containsExactly("INITIAL", "0", "1", "2", "3", "4", "5");
    }
  }

  @Test
  void failClosesTheSubscriptionWithAnErrorAndTheListenerGoesOn() throws Exception {
    try (DetourListener listener =
        lab.builder().queueCapacity(5).overflowPolicy(OverflowPolicy.FAIL).build()) {
      listener.start();
      SlowHandler h = new SlowHandler();
      Subscription s = listener.subscribe("fail", h);
      s.ready().get(10, TimeUnit.SECONDS);
      send("fail", 0, 1);
      assertThat(h.entered.await(10, TimeUnit.SECONDS)).isTrue();
      send("fail", 1, 20);
      await().atMost(Duration.ofSeconds(10)).until(() -> s.closed().isDone());
      assertThat(s.closed()).isCompletedExceptionally();
      h.release.countDown();

      Recorder after = new Recorder();
      listener.subscribe("fail", after).ready().get(10, TimeUnit.SECONDS);
      listener.notify("fail", "again");
      await().atMost(Duration.ofSeconds(10)).until(() -> after.notifications().size() == 1);
      assertThat(trace(h)).containsExactly("INITIAL", "0");
      assertThat(listener.state()).isInstanceOf(ListenerState.Connected.class);
    }
  }
}
