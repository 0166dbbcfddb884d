package dev.detour.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.core.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class FakeClockTest {

  @Test
  void timersRunInDueOrderAndSeeTheirDueTime() {
    FakeClock clock = new FakeClock(0);
    List<String> log = new ArrayList<>();
    clock.schedule(() -> log.add("b@" + clock.nanoTime()), Duration.ofMillis(20));
    clock.schedule(() -> log.add("a@" + clock.nanoTime()), Duration.ofMillis(10));
    clock.schedule(() -> log.add("c@" + clock.nanoTime()), Duration.ofMillis(30));

    clock.advance(Duration.ofMillis(25));

    assertThat(log).containsExactly("a@10000000", "b@20000000");
    assertThat(clock.nanoTime()).isEqualTo(25_000_000L);
    assertThat(clock.pendingTimers()).isEqualTo(1);
  }

  @Test
  void tasksScheduledByTasksRunWithinTheSameAdvance() {
    FakeClock clock = new FakeClock(0);
    List<Long> fired = new ArrayList<>();
    clock.schedule(
        () -> {
          fired.add(clock.nanoTime());
          clock.schedule(() -> fired.add(clock.nanoTime()), Duration.ofMillis(5));
        },
        Duration.ofMillis(5));

    clock.advance(Duration.ofMillis(10));

    assertThat(fired).containsExactly(5_000_000L, 10_000_000L);
  }

  @Test
  void cancelledTimerNeverRuns() {
    FakeClock clock = new FakeClock(0);
    List<String> log = new ArrayList<>();
    Cancellable handle = clock.schedule(() -> log.add("x"), Duration.ofSeconds(1));

    assertThat(handle.cancel()).isTrue();
    clock.advance(Duration.ofSeconds(2));

    assertThat(log).isEmpty();
    assertThat(handle.cancel()).isFalse();
  }

  @Test
  void executedTasksRunOnlyWhenTheClockTurns() {
    FakeClock clock = new FakeClock(0);
    List<String> log = new ArrayList<>();
    clock.execute(() -> log.add("work"));

    assertThat(log).isEmpty();
    clock.runUntilIdle();
    assertThat(log).containsExactly("work");
    assertThat(clock.nanoTime()).isZero();
  }

  @Test
  void closedClockRejectsNewTasks() {
    FakeClock clock = new FakeClock(0);
    clock.close();
    assertThatThrownBy(() -> clock.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
