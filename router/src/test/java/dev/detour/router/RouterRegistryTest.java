package dev.detour.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.jdbc.DirectRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterRegistryTest {

  private final List<DirectRouter> built = new CopyOnWriteArrayList<>();

  private void useRecordingFactory() {
    TestRouters.use(
        c -> {
          DirectRouter r = new DirectRouter(c, List.of(), false); // records close()
          built.add(r);
          return r;
        });
  }

  @AfterEach
  void reset() {
    TestRouters.reset();
  }

  private static RouterConfig budget(String value) {
    return RouterConfig.fromProperties(Map.of("detour.router.connectBudget", value));
  }

  @Test
  void theRegistryHoldsAtMostItsCapOfRoutersAndSaysSo() {
    useRecordingFactory();
    for (int i = 0; i < RouterRegistry.MAX_SHARED_ROUTERS; i++) {
      RouterRegistry.shared(budget((1000 + i) + "ms"));
    }
    RouterConfig again = budget("1000ms");
    assertThat(RouterRegistry.shared(again)).as("an open config is still served").isNotNull();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RouterRegistry.shared(budget("9s")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("64 shared routers open")
        .hasMessageContaining("RouterRegistry.closeAll()");
    assertThat(built).hasSize(RouterRegistry.MAX_SHARED_ROUTERS);

    RouterRegistry.closeAll();
    assertThat(RouterRegistry.shared(budget("9s"))).isNotNull();
  }

  @Test
  void theSameConfigObjectAfterCloseAllGetsAFreshRouter() {
    useRecordingFactory();
    RouterConfig config = budget("5s");
    Router first = RouterRegistry.shared(config);
    RouterRegistry.closeAll();

    Router second = RouterRegistry.shared(config);

    assertThat(second).isNotSameAs(first);
    assertThat(built).hasSize(2);
    assertThat(built.get(1).closed.get()).isFalse();
  }

  @Test
  void equalConfigsShareOneRouter() {
    useRecordingFactory();

    Router a = RouterRegistry.shared(budget("5s"));
    Router b = RouterRegistry.shared(budget("5000ms"));
    Router c = RouterRegistry.shared(budget("6s"));

    assertThat(a).isSameAs(b).isNotSameAs(c);
    assertThat(built).hasSize(2);
    assertThat(a.config().connectBudget()).isEqualTo(Duration.ofSeconds(5));
    assertThat(RouterRegistry.size()).isEqualTo(2);
  }

  @Test
  void closingASharedRouterDoesNothingButCloseAllClosesEveryOne() {
    useRecordingFactory();
    Router a = RouterRegistry.shared(budget("5s"));
    RouterRegistry.shared(budget("6s"));

    a.close();
    assertThat(built).noneMatch(r -> r.closed.get());

    RouterRegistry.closeAll();
    assertThat(built).allMatch(r -> r.closed.get());
    assertThat(RouterRegistry.size()).isZero();
    assertThat(RouterRegistry.shared(budget("5s"))).isNotSameAs(a);
    assertThat(built).hasSize(3);
  }

  @Test
  void theSameConfigObjectIsServedFromTheLastHandOutButNeverAfterCloseAll() {
    useRecordingFactory();
    RouterConfig config = budget("5s");
    Router a = RouterRegistry.shared(config);
    RouterRegistry.shared(budget("6s"));

    assertThat(RouterRegistry.shared(config)).isSameAs(a);
    RouterRegistry.closeAll();
    Router after = RouterRegistry.shared(config);

    assertThat(after).isNotSameAs(a);
    assertThat(built).hasSize(3);
    assertThat(built.get(2).closed).isFalse();
    assertThat(RouterRegistry.shared(config)).isSameAs(after);
  }

  @Test
  void concurrentFirstUseBuildsOneRouter() throws Exception {
    useRecordingFactory();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Router>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> RouterRegistry.shared(budget("7s"))));
      }
      Router first = results.get(0).get();
      for (Future<Router> f : results) {
        assertThat(f.get()).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(built).hasSize(1);
  }
}
