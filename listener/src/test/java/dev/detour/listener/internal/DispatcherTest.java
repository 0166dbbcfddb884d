package dev.detour.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.listener.ListenerException;
import dev.detour.listener.ListenerMetrics;
import dev.detour.listener.Notification;
import dev.detour.listener.NotificationHandler;
import dev.detour.listener.OverflowPolicy;
import dev.detour.listener.Resync;
import dev.detour.testkit.FakeClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The dispatch queue on the fake clock: its executor runs only when the test turns the clock. */
class DispatcherTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeClock clock = new FakeClock();
  private final Subscriptions subscriptions = new Subscriptions(() -> {});
  private final AtomicLong droppedMetric = new AtomicLong();
  private final AtomicInteger failedMetric = new AtomicInteger();
  private final ListenerMetrics metrics =
      new ListenerMetrics() {
        @Override
        public void dropped(String channel, long count) {
          droppedMetric.addAndGet(count);
        }

        @Override
        public void delivered(String channel, long handlerNanos, boolean failed) {
          if (failed) {
            failedMetric.incrementAndGet();
          }
        }
      };

  private Dispatcher dispatcher(int capacity, OverflowPolicy policy) {
    return new Dispatcher(clock, capacity, policy, subscriptions, metrics, clock);
  }

  private static Notification n(String channel, String payload) {
    return new Notification(channel, payload, 42, T0);
  }

  /** Records calls as "n:payload" and "r:REASON[:dropped]". */
  private static final class Log implements NotificationHandler {
    final List<String> calls = new ArrayList<>();

    @Override
    public void onNotification(Notification n) {
      calls.add("n:" + n.payload());
    }

    @Override
    public void onResync(Resync r) {
      calls.add(
          "r:" + r.reason() + (r.reason() == Resync.Reason.OVERFLOW ? ":" + r.dropped() : ""));
    }
  }

  private ListenerSubscription live(Dispatcher d, String channel, Log log) {
    ListenerSubscription s = subscriptions.add(channel, log);
    d.resync(Resync.initial(channel, T0), s);
    return s;
  }

  @Test
  void eachChannelIsDeliveredInOrderAfterItsInitialResync() {
    Dispatcher d = dispatcher(1000, OverflowPolicy.COALESCE_AND_RESYNC);
    Log a = new Log();
    Log b = new Log();
    live(d, "a", a);
    live(d, "b", b);
    for (int i = 0; i < 200; i++) {
      d.notification(n(i % 2 == 0 ? "a" : "b", Integer.toString(i)));
    }
    clock.runUntilIdle();
    assertThat(a.calls).hasSize(101).startsWith("r:INITIAL", "n:0", "n:2").endsWith("n:198");
    assertThat(b.calls).hasSize(101).startsWith("r:INITIAL", "n:1").endsWith("n:199");
    assertThat(d.queuedSize()).isZero();
  }

  @Test
  void oneReadIsQueuedAtOnceAndStartsOneDrainPerChannel() {
    AtomicInteger tasks = new AtomicInteger();
    Dispatcher d =
        new Dispatcher(
            task -> {
              tasks.incrementAndGet();
              clock.execute(task);
            },
            1000,
            OverflowPolicy.COALESCE_AND_RESYNC,
            subscriptions,
            metrics,
            clock);
    Log a = new Log();
    Log b = new Log();
    live(d, "a", a);
    live(d, "b", b);
    clock.runUntilIdle();
    tasks.set(0);
    d.notifications(List.of(n("a", "1"), n("b", "2"), n("a", "3"), n("b", "4"), n("a", "5")));
    assertThat(tasks).as("one drain task per channel, not per notification").hasValue(2);
    clock.runUntilIdle();
    assertThat(a.calls).containsExactly("r:INITIAL", "n:1", "n:3", "n:5");
    assertThat(b.calls).containsExactly("r:INITIAL", "n:2", "n:4");
  }

  private Dispatcher counting(AtomicInteger tasks) {
    return new Dispatcher(
        task -> {
          tasks.incrementAndGet();
          clock.execute(task);
        },
        1000,
        OverflowPolicy.COALESCE_AND_RESYNC,
        subscriptions,
        metrics,
        clock);
  }

  private static List<Notification> batch(String channel, int from, int count) {
    List<Notification> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(n(channel, Integer.toString(i)));
    }
    return out;
  }

  @Test
  void aBacklogOnOneChannelIsDrainedByOneTaskWhenNoOtherChannelWaits() {
    AtomicInteger tasks = new AtomicInteger();
    Dispatcher d = counting(tasks);
    Log a = new Log();
    live(d, "a", a);
    clock.runUntilIdle();
    tasks.set(0);
    d.notifications(batch("a", 0, 300));
    clock.runUntilIdle();
    assertThat(tasks).as("no hop to another thread every 64 events").hasValue(1);
    assertThat(a.calls).hasSize(301).endsWith("n:299");
  }

  @Test
  void aBacklogYieldsItsThreadWhenAnotherChannelsDrainWaitsForOne() {
    AtomicInteger tasks = new AtomicInteger();
    Dispatcher d = counting(tasks);
    Log a = new Log();
    Log b = new Log();
    live(d, "a", a);
    live(d, "b", b);
    clock.runUntilIdle();
    tasks.set(0);
    List<Notification> read = batch("a", 0, 200);
    read.add(n("b", "b0"));
    d.notifications(read);
    clock.runUntilIdle();
    // a's task starts first and sees b's waiting: it yields after each batch of 64 while b waits
    assertThat(tasks.get()).isGreaterThan(2);
    assertThat(a.calls).hasSize(201).endsWith("n:199");
    assertThat(b.calls).containsExactly("r:INITIAL", "n:b0");
  }

  @Test
  void anOverflowInsideOneReadCoalescesAsOneByOneWould() {
    Dispatcher d = dispatcher(2, OverflowPolicy.COALESCE_AND_RESYNC);
    Log a = new Log();
    live(d, "a", a);
    clock.runUntilIdle();
    d.notifications(List.of(n("a", "1"), n("a", "2"), n("a", "3"), n("a", "4")));
    clock.runUntilIdle();
    assertThat(a.calls).containsExactly("r:INITIAL", "r:OVERFLOW:3", "n:4");
    assertThat(droppedMetric).hasValue(3);
  }

  @Test
  void anOverflowIsDatedWhenItsLastDroppedNotificationWasReceived() {
    Dispatcher d = dispatcher(2, OverflowPolicy.COALESCE_AND_RESYNC);
    List<Object> seen = new ArrayList<>();
    ListenerSubscription s =
        subscriptions.add(
            "a",
            new NotificationHandler() {
              @Override
              public void onNotification(Notification n) {
                seen.add(n);
              }

              @Override
              public void onResync(Resync r) {
                seen.add(r);
              }
            });
    d.resync(Resync.initial("a", T0), s);
    List<Notification> read = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      read.add(new Notification("a", Integer.toString(i), 42, T0.plusSeconds(i)));
    }
    d.notifications(read.subList(0, 3)); // 1 and 2 queued, 3 overflows: all three dropped
    d.notifications(read.subList(3, 5)); // 4 and 5 queued after the overflow resync
    clock.runUntilIdle();
    assertThat(seen).hasSize(4);
    Resync overflow = (Resync) seen.get(1);
    assertThat(overflow.reason()).isEqualTo(Resync.Reason.OVERFLOW);
    assertThat(overflow.gapEnd()).isEqualTo(T0.plusSeconds(3));
    assertThat(((Notification) seen.get(2)).receivedAt()).isAfterOrEqualTo(overflow.gapEnd());
  }

  @Test
  void aLateSubscriberGetsOnlyWhatWasQueuedAfterItsInitialResync() {
    Dispatcher d = dispatcher(1000, OverflowPolicy.COALESCE_AND_RESYNC);
    Log early = new Log();
    Log late = new Log();
    live(d, "a", early);
    d.notification(n("a", "1"));
    live(d, "a", late);
    d.notification(n("a", "2"));
    d.resync(Resync.reconnected("a", T0, T0, java.time.Duration.ofMillis(5)), null);
    d.notification(n("a", "3"));
    clock.runUntilIdle();
    assertThat(early.calls).containsExactly("r:INITIAL", "n:1", "n:2", "r:RECONNECTED", "n:3");
    assertThat(late.calls).containsExactly("r:INITIAL", "n:2", "r:RECONNECTED", "n:3");
  }

  @Test
  void coalesceDropsTheChannelsQueuedNotificationsAndDeliversOneOverflowResync() {
    Dispatcher d = dispatcher(3, OverflowPolicy.COALESCE_AND_RESYNC);
    Log a = new Log();
    Log b = new Log();
    live(d, "a", a);
    live(d, "b", b);
    d.notification(n("b", "b1"));
    d.notification(n("a", "1"));
    d.notification(n("a", "2"));
    d.notification(n("a", "3")); // full: drops 1, 2 and 3
    d.notification(n("a", "4")); // room again
    d.notification(n("a", "5"));
    d.notification(n("a", "6")); // full: drops 4 and 5 and 6, merged into the same resync
    d.notification(n("a", "7"));
    clock.runUntilIdle();
    assertThat(a.calls).containsExactly("r:INITIAL", "r:OVERFLOW:6", "n:7");
    assertThat(b.calls).containsExactly("r:INITIAL", "n:b1");
    assertThat(d.dropped()).isEqualTo(6);
    assertThat(droppedMetric).hasValue(6);
  }

  @Test
  void dropNewestKeepsWhatIsQueuedAndCountsTheRest() {
    Dispatcher d = dispatcher(2, OverflowPolicy.DROP_NEWEST);
    Log a = new Log();
    live(d, "a", a);
    for (int i = 1; i <= 5; i++) {
      d.notification(n("a", Integer.toString(i)));
    }
    clock.runUntilIdle();
    assertThat(a.calls).containsExactly("r:INITIAL", "n:1", "n:2");
    assertThat(d.dropped()).isEqualTo(3);
  }

  @Test
  void failClosesTheChannelsSubscriptionsWithAnError() {
    Dispatcher d = dispatcher(2, OverflowPolicy.FAIL);
    Log a = new Log();
    Log b = new Log();
    ListenerSubscription sa = live(d, "a", a);
    ListenerSubscription sb = live(d, "b", b);
    d.notification(n("a", "1"));
    d.notification(n("a", "2"));
    d.notification(n("a", "3"));
    assertThat(sa.closed()).isCompletedExceptionally();
    assertThat(sa.closed().handle((v, e) -> e.getCause() != null ? e.getCause() : e).join())
        .isInstanceOf(ListenerException.class)
        .hasMessageContaining("channel 'a': dispatch queue full (2 notifications waiting)");
    assertThat(subscriptions.channels()).containsExactly("b");
    d.notification(n("b", "x"));
    clock.runUntilIdle();
    assertThat(a.calls).as("nothing after the failure, not even what was queued").isEmpty();
    assertThat(b.calls).containsExactly("r:INITIAL", "n:x");
    assertThat(sb.isOpen()).isTrue();
  }

  @Test
  void aThrowingHandlerIsCountedAndTheNextNotificationStillArrives() {
    Dispatcher d = dispatcher(10, OverflowPolicy.COALESCE_AND_RESYNC);
    List<String> seen = new ArrayList<>();
    ListenerSubscription s =
        subscriptions.add(
            "a",
            n -> {
              seen.add(n.payload());
              if (n.payload().equals("boom")) {
                throw new IllegalStateException("handler bug");
              }
            });
    d.resync(Resync.initial("a", T0), s);
    d.notification(n("a", "boom"));
    d.notification(n("a", "next"));
    clock.runUntilIdle();
    assertThat(seen).containsExactly("boom", "next");
    assertThat(d.handlerFailures()).isEqualTo(1);
    assertThat(failedMetric).hasValue(1);
  }

  @Test
  void aClosedSubscriptionReceivesNothingThatWasStillQueued() {
    Dispatcher d = dispatcher(10, OverflowPolicy.COALESCE_AND_RESYNC);
    Log a = new Log();
    ListenerSubscription s = live(d, "a", a);
    d.notification(n("a", "1"));
    s.close();
    clock.runUntilIdle();
    assertThat(a.calls).isEmpty();
  }
}
