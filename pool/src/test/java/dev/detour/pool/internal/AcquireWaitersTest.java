package dev.detour.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Waking borrowers that wait in Hikari: only registered ones, and the interrupt never leaks. */
class AcquireWaitersTest {

  private final AcquireWaiters waiters = new AcquireWaiters();

  @Test
  void aWaiterThatLeavesUnreleasedKeepsItsFlagAsItCame() {
    AcquireWaiters.Waiter w = waiters.enter();
    assertThat(waiters.leave(w)).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(waiters.releaseAll()).as("no longer registered").isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();

    Thread.currentThread().interrupt(); // the application's own interrupt survives
    AcquireWaiters.Waiter again = waiters.enter();
    assertThat(waiters.leave(again)).isFalse();
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aReleasedWaiterIsWokenFromAnInterruptibleWaitAndItsInterruptIsConsumed() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread borrower =
        new Thread(
            () -> {
              AcquireWaiters.Waiter w = waiters.enter();
              boolean woken;
              try {
                woken = !never.await(30, TimeUnit.SECONDS); // as Hikari's handoff queue waits
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // what Hikari does before it throws
                woken = true;
              }
              boolean released = waiters.leave(w);
              seen.complete(woken + " " + released + " " + Thread.currentThread().isInterrupted());
            },
            "acquire-waiters-test");
    borrower.setDaemon(true);
    borrower.start();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waiters.size() == 1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> borrower.getState() == Thread.State.TIMED_WAITING);

    assertThat(waiters.releaseAll()).isEqualTo(1);

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("true true false");
    assertThat(waiters.size()).isZero();
  }

  @Test
  void aThreadRegistersOnceAndOnlyItsWaitsAreReleased() {
    AcquireWaiters.Waiter first = waiters.enter();
    assertThat(waiters.size()).isEqualTo(1);
    assertThat(waiters.leave(first)).isFalse();
    assertThat(waiters.size()).isZero();

    AcquireWaiters.Waiter second = waiters.enter();
    assertThat(second).as("one registration per thread, reused").isSameAs(first);
    assertThat(waiters.leave(second)).isFalse();
    assertThat(waiters.releaseAll()).as("registered, but not waiting").isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
