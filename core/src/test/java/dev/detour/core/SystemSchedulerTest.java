package dev.detour.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SystemSchedulerTest {

  @Test
  void threadsAreNamedDaemonsAndStopOnClose() throws Exception {
    Scheduler scheduler = Scheduler.system("detour-test");
    CompletableFuture<Thread> worker = new CompletableFuture<>();
    CompletableFuture<Thread> timer = new CompletableFuture<>();
    scheduler.execute(() -> worker.complete(Thread.currentThread()));
    scheduler.schedule(() -> timer.complete(Thread.currentThread()), 1, TimeUnit.MILLISECONDS);

    Thread w = worker.get(5, TimeUnit.SECONDS);
    Thread t = timer.get(5, TimeUnit.SECONDS);
    assertThat(w.getName()).startsWith("detour-test-worker-");
    assertThat(t.getName()).startsWith("detour-test-timer-");
    assertThat(w.isDaemon()).isTrue();
    assertThat(t.isDaemon()).isTrue();

    scheduler.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> !w.isAlive() && !t.isAlive());
    assertThatThrownBy(() -> scheduler.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void workersAreCappedAndTasksPastTheCapWaitTheirTurn() throws Exception {
    Scheduler scheduler = Scheduler.system("detour-cap-test", 2);
    try {
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.concurrent.atomic.AtomicInteger running =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger maxRunning =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger done =
          new java.util.concurrent.atomic.AtomicInteger();
      for (int i = 0; i < 5; i++) {
        scheduler.execute(
            () -> {
              threads.add(Thread.currentThread().getName());
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              running.decrementAndGet();
              done.incrementAndGet();
            });
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> running.get() == 2);
      assertThat(done.get()).isZero();
      release.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> done.get() == 5);
      assertThat(maxRunning.get()).isEqualTo(2);
      assertThat(threads).hasSize(2);
    } finally {
      scheduler.close();
    }
  }

  @Test
  void aWorkerCapOutOfRangeIsRejectedNamingIt() {
    assertThatThrownBy(() -> Scheduler.system("x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWorkers: 0 (expected 1 <= maxWorkers <= 10000)");
  }

  @Test
  void cancelledTaskNeverRunsAndLaterTasksStillDo() throws Exception {
    Scheduler scheduler = Scheduler.system("detour-test");
    try {
      CompletableFuture<String> ran = new CompletableFuture<>();
      Cancellable cancelled =
          scheduler.schedule(() -> ran.complete("cancelled task"), 20, TimeUnit.MILLISECONDS);
      assertThat(cancelled.cancel()).isTrue();
      assertThat(cancelled.cancel()).isFalse();
      // due after the cancelled one: it runs, and the cancelled one has been passed by then
      scheduler.schedule(() -> ran.complete("later task"), 40, TimeUnit.MILLISECONDS);
      assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo("later task");
    } finally {
      scheduler.close();
    }
  }

  @Test
  void cancelledTasksStayQueuedUntilDueButArePurgedBeforeTheyPileUp() {
    SystemScheduler scheduler = new SystemScheduler("detour-test", 4);
    try {
      Cancellable first = scheduler.schedule(() -> {}, 1, TimeUnit.HOURS);
      first.cancel();
      assertThat(scheduler.queuedTimerTasks())
          .as("kept: removing it would empty the queue and wake the timer for the next task")
          .isEqualTo(1);

      for (int i = 1; i < 3 * SystemScheduler.PURGE_EVERY; i++) {
        scheduler.schedule(() -> {}, 1, TimeUnit.HOURS).cancel();
      }

      await() // the purge runs on a worker
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(scheduler.queuedTimerTasks()).isLessThan(SystemScheduler.PURGE_EVERY));
    } finally {
      scheduler.close();
    }
  }

  @Test
  void dueTimesAreRoundedUpBySlackOfAtMostASixtyFourthOfTheDelay() {
    long ms = 1_000_000L;
    for (long now : new long[] {0, 123_456_789L, -987_654_321L, 5_000_000_017L}) {
      for (long delay :
          new long[] {100 * ms, 1_500 * ms, 4_000 * ms, 10_000 * ms, 3_600_000 * ms}) {
        long got = SystemScheduler.coalesced(now, delay);
        long slack = Math.min(Long.highestOneBit(delay / 64), SystemScheduler.MAX_SLACK_NANOS);
        assertThat(got - delay).as("late by less than the slack").isBetween(0L, slack - 1);
        assertThat(Math.floorMod(now + got, slack)).as("due on the slack's grid").isZero();
      }
    }
    assertThat(SystemScheduler.coalesced(42, 63)).as("tiny delays are exact").isEqualTo(63);
    for (long now : new long[] {0, 1, -1, Long.MAX_VALUE - 5, Long.MIN_VALUE + 5}) {
      assertThat(SystemScheduler.coalesced(now, Long.MAX_VALUE))
          .as("no overflow to a negative (immediate) delay, now=%d", now)
          .isEqualTo(Long.MAX_VALUE);
      assertThat(SystemScheduler.coalesced(now, Long.MAX_VALUE - 3)).isPositive();
    }
    assertThat(SystemScheduler.coalesced(42, 0)).isZero();
    // two tasks scheduled a little apart with the same delay fall due together
    assertThat(99 * ms + SystemScheduler.coalesced(99 * ms, 10_000 * ms))
        .isEqualTo(101 * ms + SystemScheduler.coalesced(101 * ms, 10_000 * ms));
  }
}
