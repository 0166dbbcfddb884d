package dev.detour.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.core.NamedThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatch threads: last idle first, a FIFO backlog when all are busy, bounded life. */
class DispatchThreadsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<Thread> ranOn = new CopyOnWriteArrayList<>();
  private DispatchThreads threads;

  @AfterEach
  void shutDown() {
    if (threads != null) {
      threads.shutdownNow();
    }
  }

  private DispatchThreads start(int max, Duration keepAlive) {
    threads =
        new DispatchThreads(max, keepAlive.toNanos(), new NamedThreadFactory("test-dispatch"));
    return threads;
  }

  private Runnable blocking(CountDownLatch release, CountDownLatch done) {
    return () -> {
      ranOn.add(Thread.currentThread());
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      done.countDown();
    };
  }

  @Test
  void theThreadThatWentIdleLastTakesTheNextTask() throws Exception {
    DispatchThreads t = start(4, Duration.ofMinutes(1));
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch releaseSecond = new CountDownLatch(1);
    CountDownLatch firstDone = new CountDownLatch(1);
    CountDownLatch secondDone = new CountDownLatch(1);
    t.execute(blocking(releaseFirst, firstDone));
    t.execute(blocking(releaseSecond, secondDone));
    await().atMost(WAIT).until(() -> ranOn.size() == 2);
    assertThat(t.threads()).isEqualTo(2);

    releaseFirst.countDown();
    await().atMost(WAIT).until(() -> t.idleThreads() == 1);
    releaseSecond.countDown();
    await().atMost(WAIT).until(() -> t.idleThreads() == 2);

    for (int i = 0; i < 5; i++) {
      CountDownLatch done = new CountDownLatch(1);
      t.execute(blocking(new CountDownLatch(0), done));
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(WAIT).until(() -> t.idleThreads() == 2);
    }
    // the second task's thread went idle last, so it took every later task; no thread was added
    assertThat(ranOn.subList(2, 7)).containsOnly(ranOn.get(1));
    assertThat(t.threads()).isEqualTo(2);
  }

  @Test
  void tasksWaitInOrderWhenEveryThreadIsBusy() throws Exception {
    DispatchThreads t = start(1, Duration.ofMinutes(1));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(3);
    List<Integer> order = new CopyOnWriteArrayList<>();
    t.execute(blocking(release, done));
    t.execute(
        () -> {
          order.add(1);
          done.countDown();
        });
    t.execute(
        () -> {
          order.add(2);
          done.countDown();
        });
    await().atMost(WAIT).until(() -> ranOn.size() == 1);
    assertThat(order).isEmpty();
    release.countDown();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly(1, 2);
    assertThat(t.threads()).isEqualTo(1);
  }

  @Test
  void anIdleThreadEndsAfterItsKeepAlive() throws Exception {
    DispatchThreads t = start(2, Duration.ofMillis(50));
    CountDownLatch done = new CountDownLatch(1);
    t.execute(blocking(new CountDownLatch(0), done));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(WAIT).until(() -> t.threads() == 0);
    await().atMost(WAIT).until(() -> !ranOn.get(0).isAlive());
    // and a new one starts on demand
    CountDownLatch again = new CountDownLatch(1);
    t.execute(blocking(new CountDownLatch(0), again));
    assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shutdownNowEndsEveryThreadAndRefusesNewTasks() throws Exception {
    DispatchThreads t = start(2, Duration.ofMinutes(1));
    CountDownLatch neverReleased = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(2);
    t.execute(blocking(neverReleased, done));
    t.execute(blocking(new CountDownLatch(0), done));
    await().atMost(WAIT).until(() -> ranOn.size() == 2);
    await().atMost(WAIT).until(() -> t.idleThreads() == 1);

    t.shutdownNow();

    await().atMost(WAIT).until(() -> ranOn.stream().noneMatch(Thread::isAlive));
    assertThat(ranOn).allMatch(th -> th.getName().startsWith("test-dispatch-") && th.isDaemon());
    assertThatThrownBy(() -> t.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
  }
}
