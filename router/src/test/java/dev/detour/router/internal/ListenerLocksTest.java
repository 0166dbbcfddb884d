package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static dev.detour.router.internal.ScriptedDialer.Kind.REFUSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.RouterEventListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Listeners are called with no router lock held: another thread can use the router while a listener
 * runs, so a listener that waits on such a thread (or calls {@code health()} while another listener
 * does the same) cannot deadlock.
 */
class ListenerLocksTest {

  /** Runs {@code call} on another thread and waits for it; records "ok" or what went wrong. */
  private static void fromAnotherThread(List<String> results, Supplier<Object> call) {
    try {
      CompletableFuture.supplyAsync(call).get(10, TimeUnit.SECONDS);
      results.add("ok");
    } catch (Exception e) {
      results.add("blocked: " + e);
    }
  }

  @Test
  void aBreakerTransitionListenerCanWaitForHealthReadOnAnotherThread() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.dialer.otherwise(REFUSE, Duration.ofMillis(1));
      List<String> results = new CopyOnWriteArrayList<>();
      h.router.addListener(
          new RouterEventListener() {
            @Override
            public void breakerTransition(
                InetSocketAddress address,
                AddressHealth.State from,
                AddressHealth.State to,
                String reason) {
              fromAnotherThread(results, () -> h.router.health(HOST, PORT));
            }
          });

      h.failed();

      assertThat(results).containsExactly("ok", "ok");
    }
  }

  @Test
  void aRaceListenerCanWaitForACloseOnAnotherThread() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.dialer.otherwise(CONNECT, Duration.ofMillis(1));
      List<String> results = new CopyOnWriteArrayList<>();
      h.router.addListener(
          new RouterEventListener() {
            @Override
            public void attemptEnd(String host, AttemptOutcome outcome) {
              fromAnotherThread(
                  results,
                  () -> {
                    h.router.close(); // aborts races: takes the race lock
                    return null;
                  });
            }
          });

      h.settle(h.connect());

      assertThat(results).containsExactly("ok");
    }
  }
}
