package dev.detour.router.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.router.RouterConfig;
import dev.detour.router.jdbc.internal.PendingConnection;
import dev.detour.router.jdbc.internal.PendingConnections;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The factory on real loopback sockets: a later socket goes to the address of the first. */
class RoutingSocketFactoryIT {

  @Test
  void cancelSocketGoesToTheSameAddressNotToTheNextOne() throws Exception {
    try (LoopbackListener first = new LoopbackListener("127.0.0.2", 0);
        LoopbackListener other = new LoopbackListener("127.0.0.3", first.port())) {
      DirectRouter router =
          new DirectRouter(
              RouterConfig.defaults(),
              List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")),
              true);
      PendingConnection pending = PendingConnections.open(RouterConfig.defaults());
      Properties props = new Properties();
      props.setProperty("PGHOST", "db.neon.test");
      props.setProperty("PGPORT", Integer.toString(first.port()));
      props.setProperty("detour.token", pending.token());
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
      DirectRouter router =
          new DirectRouter(
              RouterConfig.defaults(),
              List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")),
              true);
      Properties props = new Properties();
      props.setProperty("PGHOST", "db.neon.test");
      props.setProperty("PGPORT", Integer.toString(first.port()));
      RoutingSocketFactory factory = new RoutingSocketFactory(props, c -> router);

      try (Socket a = factory.createSocket();
          Socket b = factory.createSocket()) {
        assertThat(b.getRemoteSocketAddress()).isEqualTo(a.getRemoteSocketAddress());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> first.acceptCount.get() == 2);
      assertThat(other.acceptCount).hasValue(0);
    }
  }
}
