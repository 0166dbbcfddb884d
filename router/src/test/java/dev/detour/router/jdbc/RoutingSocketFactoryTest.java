package dev.detour.router.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.detour.core.ConfigException;
import dev.detour.router.RoutedSocket;
import dev.detour.router.RouterConfig;
import dev.detour.router.jdbc.internal.PendingConnection;
import dev.detour.router.jdbc.internal.PendingConnections;
import dev.detour.testkit.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RoutingSocketFactoryTest {

  private static Properties props(String host, String port) {
    Properties p = new Properties();
    if (host != null) {
      p.setProperty("PGHOST", host);
    }
    if (port != null) {
      p.setProperty("PGPORT", port);
    }
    return p;
  }

  @Test
  void firstSocketIsRoutedForPghostAndPgport() throws Exception {
    DirectRouter router = DirectRouter.offline("127.0.0.5");
    RoutingSocketFactory factory =
        new RoutingSocketFactory(props("db.neon.test", "6543"), c -> router);

    Socket socket = factory.createSocket();

    assertThat(router.routed).hasSize(1);
    assertThat(socket).isSameAs(router.routed.get(0).socket());
    assertThat(router.routed.get(0).host()).isEqualTo("db.neon.test");
    assertThat(factory.chosenAddress()).contains(new InetSocketAddress("127.0.0.5", 6543));
  }

  @Test
  void withoutATokenTheWatchdogIsDisarmedAtOnce() throws Exception {
    DirectRouter router = DirectRouter.offline("127.0.0.5");
    RoutingSocketFactory factory = new RoutingSocketFactory(props("h", "5432"), c -> router);

    factory.createSocket();

    assertThat(router.routed.get(0).ready()).isTrue();
  }

  @Test
  void withATokenTheDriverDecidesAndARetryWhileOpeningIsRoutedAgain() throws Exception {
    DirectRouter router = DirectRouter.offline("127.0.0.5", "127.0.0.6");
    PendingConnection pending = PendingConnections.open(RouterConfig.defaults());
    Properties p = props("h", "5432");
    p.setProperty("detour.token", pending.token());
    RoutingSocketFactory factory = new RoutingSocketFactory(p, c -> router);

    factory.createSocket();
    assertThat(router.routed.get(0).ready()).isFalse();
    factory.createSocket(); // pgjdbc's sslmode=prefer retry, say

    assertThat(router.routed).hasSize(2);
    // released without blame, and not as a handshake success: its address may be the one stalling
    assertThat(router.routed.get(0).ready()).isFalse();
    assertThat(router.routed.get(0).socket().isClosed()).isTrue();
    assertThat(pending.current()).containsSame(router.routed.get(1));
    assertThat(factory.chosenAddress()).contains(new InetSocketAddress("127.0.0.6", 5432));
    pending.ready();
    assertThat(router.routed.get(1).ready()).isTrue();
    PendingConnections.close(pending);
  }

  @Test
  void everySocketOfOneConnectionSharesOneBudget() throws Exception {
    DirectRouter router = DirectRouter.offline("127.0.0.5");
    FakeClock clock = new FakeClock();
    RouterConfig config = RouterConfig.builder().connectBudget(Duration.ofSeconds(10)).build();
    PendingConnection pending = PendingConnections.open(config, clock);
    Properties p = props("h", "5432");
    p.setProperty("detour.token", pending.token());
    RoutingSocketFactory factory = new RoutingSocketFactory(p, c -> router);

    factory.createSocket();
    clock.advance(Duration.ofSeconds(4)); // the server rejected SSL: pgjdbc retries in plain text
    factory.createSocket();
    clock.advance(Duration.ofSeconds(7)); // a GSS or SSL error reply: pgjdbc retries again
    factory.createSocket();

    assertThat(router.budgets)
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(6), Duration.ofSeconds(-1));
    PendingConnections.close(pending);
  }

  @Test
  void withoutATokenTheConfiguredBudgetIsUsed() throws Exception {
    DirectRouter router = DirectRouter.offline("127.0.0.5");
    RoutingSocketFactory factory = new RoutingSocketFactory(props("h", "5432"), c -> router);

    factory.createSocket();

    assertThat(router.budgets).containsExactly(RouterConfig.defaults().connectBudget());
  }

  @Test
  void toStringAndChosenAddressDoNotWaitForARouteInProgress() throws Exception {
    CountDownLatch routing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DirectRouter router =
        new DirectRouter(
            RouterConfig.defaults(), List.of(InetAddress.getByName("127.0.0.5")), false) {
          @Override
          public RoutedSocket connect(String host, int port, Duration budget) throws IOException {
            routing.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.connect(host, port, budget);
          }
        };
    RoutingSocketFactory factory = new RoutingSocketFactory(props("h", "5432"), c -> router);
    CompletableFuture<Socket> socket =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return factory.createSocket();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      assertThat(routing.await(30, TimeUnit.SECONDS)).isTrue();

      String text = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> factory.toString());
      Optional<InetSocketAddress> chosen =
          assertTimeoutPreemptively(Duration.ofSeconds(30), factory::chosenAddress);

      assertThat(text).isEqualTo("RoutingSocketFactory{h:5432}");
      assertThat(chosen).isEmpty();
    } finally {
      release.countDown();
    }
    socket.get(30, TimeUnit.SECONDS);
    assertThat(factory).hasToString("RoutingSocketFactory{h:5432 -> 127.0.0.5}");
  }

  @Test
  void theRouterComesFromTheDetourKeysOfTheProperties() throws Exception {
    AtomicReference<RouterConfig> asked = new AtomicReference<>();
    Properties p = props("h", null);
    p.setProperty("detour.router.connectBudget", "3s");

    new RoutingSocketFactory(
        p,
        c -> {
          asked.set(c);
          return DirectRouter.offline("127.0.0.5");
        });

    assertThat(asked.get().connectBudget()).hasSeconds(3);
  }

  @Test
  void severalHostsAreRejected() {
    assertThatThrownBy(
            () -> new RoutingSocketFactory(props("a,b", "5432,5432"), c -> DirectRouter.offline()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PGHOST: 'a,b' (expected one host");
  }

  @Test
  void missingHostAndBadPortAreRejected() {
    assertThatThrownBy(() -> new RoutingSocketFactory(props(null, "5432"), c -> null))
        .hasMessageContaining("PGHOST: missing");
    assertThatThrownBy(() -> new RoutingSocketFactory(props("h", "70000"), c -> null))
        .hasMessageContaining("PGPORT: '70000' (expected one port from 1 to 65535)");
  }

  @Test
  void unknownDetourKeyIsRejected() {
    Properties p = props("h", "5432");
    p.setProperty("detour.routr.connectBudget", "3s");

    assertThatThrownBy(() -> new RoutingSocketFactory(p, c -> DirectRouter.offline()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detour.routr.connectBudget");
  }

  @Test
  void otherCreateSocketMethodsSayWhatToUse() {
    RoutingSocketFactory factory =
        new RoutingSocketFactory(props("h", "5432"), c -> DirectRouter.offline("127.0.0.5"));

    assertThatThrownBy(() -> factory.createSocket("h", 5432))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("only implements createSocket()");
  }

  @Test
  void routerFailurePropagates() {
    DirectRouter router = DirectRouter.offline("127.0.0.5");
    router.failWith = TestFailures.noHealthyAddress("h:5432: all open");
    RoutingSocketFactory factory = new RoutingSocketFactory(props("h", "5432"), c -> router);

    assertThatThrownBy(factory::createSocket).hasMessage("h:5432: all open");
    assertThat(factory.chosenAddress()).isEmpty();
  }
}
