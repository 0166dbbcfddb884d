package dev.detour.router.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.router.AddressHealth;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.internal.FakeResolver;
import dev.detour.router.jdbc.internal.PendingConnection;
import dev.detour.router.jdbc.internal.PendingConnections;
import dev.detour.testkit.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The factory on real loopback sockets: a later socket goes to the address of the first, and a
 * retry while opening shares the first socket's budget.
 */
class RoutingSocketFactoryIT {

  /** A router handing out 127.0.0.2 and 127.0.0.3 in turn, connecting for real. */
  private static DirectRouter twoAddressRouter() throws IOException {
    return new DirectRouter(
        RouterConfig.defaults(),
        List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")),
        true);
  }

  /** What pgjdbc hands the factory for db.neon.test:{@code port}, with the driver's token. */
  private static Properties factoryProperties(int port, String token) {
    Properties props = new Properties();
    props.setProperty("PGHOST", "db.neon.test");
    props.setProperty("PGPORT", Integer.toString(port));
    if (token != null) {
      props.setProperty("detour.token", token);
    }
    return props;
  }

  @Test
  void cancelSocketGoesToTheSameAddressNotToTheNextOne() throws Exception {
    try (LoopbackListener first = new LoopbackListener("127.0.0.2", 0);
        LoopbackListener other = new LoopbackListener("127.0.0.3", first.port())) {
      DirectRouter router = twoAddressRouter();
      PendingConnection pending = PendingConnections.open(RouterConfig.defaults());
      Properties props = factoryProperties(first.port(), pending.token());
      RoutingSocketFactory factory = new RoutingSocketFactory(props, c -> router);

      try (Socket main = factory.createSocket()) {
        pending.ready(); // what the driver does when pgjdbc returns the connection
        PendingConnections.close(pending);
        try (Socket cancel = factory.createSocket()) {
          assertThat(cancel.isConnected()).isTrue();
          assertThat(cancel.getRemoteSocketAddress()).isEqualTo(main.getRemoteSocketAddress());
          assertThat(((InetSocketAddress) cancel.getRemoteSocketAddress()).getAddress())
              .isEqualTo(InetAddress.getByName("127.0.0.2"));
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> first.acceptCount.get() == 2);
      assertThat(other.acceptCount).hasValue(0);
      assertThat(router.routed).hasSize(1);
    }
  }

  @Test
  void withoutATokenTheSecondSocketAlsoGoesToTheFirstAddress() throws Exception {
    try (LoopbackListener first = new LoopbackListener("127.0.0.2", 0);
        LoopbackListener other = new LoopbackListener("127.0.0.3", first.port())) {
      DirectRouter router = twoAddressRouter();
      Properties props = factoryProperties(first.port(), null);
      RoutingSocketFactory factory = new RoutingSocketFactory(props, c -> router);

      try (Socket a = factory.createSocket();
          Socket b = factory.createSocket()) {
        assertThat(b.getRemoteSocketAddress()).isEqualTo(a.getRemoteSocketAddress());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> first.acceptCount.get() == 2);
      assertThat(other.acceptCount).hasValue(0);
    }
  }

  @Test
  void aRetryWhileOpeningGetsOnlyWhatIsLeftOfTheBudgetFromTheRealRouter() throws Exception {
    try (LoopbackListener server = new LoopbackListener("127.0.0.2", 0)) {
      FakeResolver resolver = new FakeResolver();
      resolver.set("db.neon.test", List.of(InetAddress.getByName("127.0.0.2")));
      // no learning probe: it would dial the address too (a TCP connect never marked ready is
      // not handshake-proven, so the router probes it), and this test counts the dials
      RouterConfig config =
          RouterConfig.builder().connectBudget(Duration.ofSeconds(5)).learning(false).build();
      try (Router router = Router.builder().config(config).resolver(resolver).build()) {
        FakeClock clock = new FakeClock(); // times the connection's budget, not the router
        PendingConnection pending = PendingConnections.open(config, clock);
        Properties props = factoryProperties(server.port(), pending.token());
        RoutingSocketFactory factory = new RoutingSocketFactory(props, c -> router);

        try (Socket first = factory.createSocket()) {
          assertThat(first.isConnected()).isTrue();
          clock.advance(Duration.ofSeconds(5)); // pgjdbc spent the whole budget on the first try

          assertThatThrownBy(factory::createSocket)
              .isInstanceOf(SocketTimeoutException.class)
              .hasMessage(
                  "db.neon.test:"
                      + server.port()
                      + ": connect budget used up (budget: 0ns); nothing was dialed");
        } finally {
          pending.failed(new SocketTimeoutException("test over"), false);
          PendingConnections.close(pending);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptCount.get() == 1);
        assertThat(router.health("db.neon.test", server.port()))
            .singleElement()
            .satisfies(h -> assertThat(h.state()).isEqualTo(AddressHealth.State.CLOSED));
      }
    }
  }
}
