package dev.detour.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.internal.DefaultRouter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two routers' threads can be told apart in a thread dump. */
class RouterThreadNamesTest {

  private static String workerName(Router router) throws Exception {
    CompletableFuture<String> name = new CompletableFuture<>();
    ((DefaultRouter) router)
        .runtime()
        .scheduler()
        .execute(() -> name.complete(Thread.currentThread().getName()));
    return name.get(30, TimeUnit.SECONDS);
  }

  private static String timerName(Router router) throws Exception {
    CompletableFuture<String> name = new CompletableFuture<>();
    ((DefaultRouter) router)
        .runtime()
        .scheduler()
        .schedule(() -> name.complete(Thread.currentThread().getName()), 0, TimeUnit.NANOSECONDS);
    return name.get(30, TimeUnit.SECONDS);
  }

  @Test
  void eachRouterNamesItsThreadsWithItsOwnNumber() throws Exception {
    try (Router a = Router.builder().build();
        Router b = Router.builder().build()) {
      String wa = workerName(a);
      String wb = workerName(b);
      assertThat(wa).matches("detour-router-\\d+-worker-\\d+");
      assertThat(wb).matches("detour-router-\\d+-worker-\\d+");
      assertThat(wa.replaceAll("-worker-\\d+$", ""))
          .isNotEqualTo(wb.replaceAll("-worker-\\d+$", ""));
      assertThat(timerName(a)).isEqualTo(wa.replaceAll("-worker-\\d+$", "") + "-timer-1");
    }
  }
}
