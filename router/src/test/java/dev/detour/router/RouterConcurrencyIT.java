package dev.detour.router;

import static dev.detour.router.LoopbackServers.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.internal.FakeResolver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads share one router while one address black-holes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RouterConcurrencyIT {

  private static final String HOST = "db.neon.test";

  private final LoopbackServers servers = new LoopbackServers();
  private final FakeResolver resolver = new FakeResolver();
  private Router router;

  @AfterEach
  void tearDown() {
    if (router != null) {
      router.close();
    }
    servers.close();
  }

  @Test
  void concurrentConnectsAllSucceedAndStopDialingTheBlackhole() throws Exception {
    int port = LoopbackServers.freePort();
    servers.blackhole(ip(101), port);
    servers.server(ip(102), port, false);
    servers.server(ip(103), port, false);
    resolver.set(HOST, List.of(ip(101), ip(102), ip(103)));
    AtomicInteger blackholeAttempts = new AtomicInteger();
    router =
        Router.builder()
            .resolver(resolver)
            .listener(
                new RouterEventListener() {
                  @Override
                  public void attemptStart(
                      String host, InetSocketAddress address, long timeoutNanos) {
                    if (address.getAddress().equals(ip(101))) {
                      blackholeAttempts.incrementAndGet();
                    }
                  }
                })
            .build();
    Map<InetSocketAddress, AtomicInteger> wins = new ConcurrentHashMap<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "test-client");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int j = 0; j < 25; j++) {
                    RoutedSocket s = router.connect(HOST, port);
                    s.markReady();
                    wins.computeIfAbsent(s.address(), a -> new AtomicInteger()).incrementAndGet();
                    s.socket().close();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(wins.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(200);
    assertThat(wins).doesNotContainKey(new InetSocketAddress(ip(101), port));
    assertThat(wins.get(new InetSocketAddress(ip(102), port)).get()).isPositive();
    assertThat(wins.get(new InetSocketAddress(ip(103), port)).get()).isPositive();
    // the black hole is learned from the first races it loses, not dialed on every connect
    assertThat(blackholeAttempts.get()).isBetween(1, 24);
  }
}
