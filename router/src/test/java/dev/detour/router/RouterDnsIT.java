package dev.detour.router;

import static dev.detour.router.LoopbackServers.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.testkit.dns.DnsServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The router with its own resolver, against the testkit DNS server and real sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RouterDnsIT {

  private static final String HOST = "db.neon.test";

  private final DnsServer dns = DnsServer.start();
  private final LoopbackServers servers = new LoopbackServers();
  private final List<List<InetSocketAddress>> removed = new CopyOnWriteArrayList<>();
  private Router router;

  @AfterEach
  void tearDown() {
    if (router != null) {
      router.close();
    }
    servers.close();
    dns.close();
  }

  private Router router() {
    router =
        Router.builder()
            .config(
                RouterConfig.fromProperties(
                    Map.of(
                        "detour.resolver.servers",
                        "127.0.0.1:" + dns.port(),
                        "detour.resolver.search",
                        "",
                        "detour.resolver.useHostsFile",
                        "false",
                        "detour.resolver.minTtl",
                        "1s")))
            .listener(
                new RouterEventListener() {
                  @Override
                  public void addressesRemoved(
                      String host, int port, List<InetSocketAddress> gone) {
                    removed.add(gone);
                  }
                })
            .build();
    return router;
  }

  private InetSocketAddress connectOnce(Router r, int port) throws Exception {
    RoutedSocket s = r.connect(HOST, port);
    s.markReady();
    s.socket().close();
    return s.address();
  }

  @Test
  void aNameWithABlackholedFirstAddressConnectsAndFollowsADnsChange() throws Exception {
    int port = LoopbackServers.freePort();
    servers.blackhole(ip(91), port);
    servers.server(ip(92), port, false);
    servers.server(ip(93), port, false);
    servers.server(ip(94), port, false);
    dns.setA(HOST, Duration.ofSeconds(1), "127.0.0.91", "127.0.0.92", "127.0.0.93");
    Router r = router();

    InetSocketAddress first = connectOnce(r, port);

    assertThat(first.getAddress()).isIn(ip(92), ip(93));
    assertThat(r.health(HOST, port))
        .extracting(h -> h.address().getAddress())
        .containsExactly(ip(91), ip(92), ip(93));

    dns.setA(HOST, Duration.ofSeconds(1), "127.0.0.92", "127.0.0.94");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              connectOnce(r, port); // keeps the name in use, so the resolver refreshes it
              assertThat(r.health(HOST, port))
                  .extracting(h -> h.address().getAddress())
                  .containsExactly(ip(92), ip(94));
            });
    assertThat(removed.stream().flatMap(List::stream).map(InetSocketAddress::getAddress))
        .containsExactlyInAnyOrder(ip(91), ip(93));
  }
}
