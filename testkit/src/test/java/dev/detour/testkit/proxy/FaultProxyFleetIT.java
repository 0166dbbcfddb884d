package dev.detour.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultProxyFleetIT {

  private static final int READ_TIMEOUT_MILLIS = 5_000;
  private static final int STALL_PROBE_MILLIS = 300;

  private TestBackend backend;
  private FaultProxyFleet fleet;
  private final List<Socket> clients = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    backend = TestBackend.echo();
    fleet = FaultProxyFleet.start(3, backend.address());
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    fleet.close();
    backend.close();
    assertThat(proxyThreads()).as("threads left after close()").isEmpty();
  }

  private Socket connect(int index) throws IOException {
    Socket socket = new Socket();
    clients.add(socket);
    socket.connect(fleet.addresses().get(index), 2_000);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    return socket;
  }

  private static String roundTrip(Socket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
  }

  private static void assertReadTimesOut(Socket socket) throws IOException {
    socket.setSoTimeout(STALL_PROBE_MILLIS);
    assertThatThrownBy(() -> socket.getInputStream().read())
        .isInstanceOf(SocketTimeoutException.class);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
  }

  @Test
  void addressesAreConsecutiveLoopbackAddressesSharingOnePort() {
    assertThat(fleet.size()).isEqualTo(3);
    assertThat(fleet.hostAddresses()).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
    assertThat(fleet.addresses()).extracting(InetSocketAddress::getPort).containsOnly(fleet.port());
    assertThat(fleet.address(2).getHostAddress()).isEqualTo("127.0.0.13");
    assertThat(fleet.fault(1)).isEqualTo(Fault.pass());
  }

  @Test
  void passForwardsBothWaysOnEveryAddressAndCountsBytes() throws IOException {
    for (int i = 0; i < fleet.size(); i++) {
      assertThat(roundTrip(connect(i), "hello-" + i)).isEqualTo("hello-" + i);
    }

    for (int i = 0; i < fleet.size(); i++) {
      int index = i;
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(fleet.counters(index)).isEqualTo(new ProxyCounters(1, 1, 7, 7)));
    }
    assertThat(fleet.totalCounters()).isEqualTo(new ProxyCounters(3, 3, 21, 21));
  }

  @Test
  void activeCountDropsWhenTheClientClosesAndResetCountersKeepsTheGauge() throws IOException {
    Socket first = connect(0);
    roundTrip(first, "abc");
    Socket second = connect(0);
    roundTrip(second, "de");
    await().atMost(Duration.ofSeconds(5)).until(() -> fleet.counters(0).bytesToClient() == 5);

    first.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> fleet.counters(0).active() == 1);
    fleet.resetCounters();

    assertThat(fleet.counters(0)).isEqualTo(new ProxyCounters(0, 1, 0, 0));
  }

  @Test
  void refusedAddressFailsConnectWithConnectionRefusedUntilCleared() throws IOException {
    fleet.setFault(1, Fault.refuse());

    assertThatThrownBy(() -> connect(1))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("refused");
    assertThat(roundTrip(connect(0), "still up")).isEqualTo("still up");

    fleet.clearFaults();
    assertThat(roundTrip(connect(1), "back")).isEqualTo("back");
  }

  @Test
  void blackholedAddressTimesOutConnectAndClearingItLetsConnectsThrough() throws IOException {
    Socket established = connect(0);
    roundTrip(established, "before");

    fleet.setFault(0, Fault.blackhole());

    Socket probe = new Socket();
    clients.add(probe);
    assertThatThrownBy(() -> probe.connect(fleet.addresses().get(0), 500))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(roundTrip(established, "existing connections keep working"))
        .isEqualTo("existing connections keep working");
    assertThat(roundTrip(connect(1), "neighbour")).isEqualTo("neighbour");

    fleet.setFault(fleet.address(0), Fault.pass());
    assertThat(roundTrip(connect(0), "after")).isEqualTo("after");
  }

  @Test
  void blackholeAndStallDropsNewSynsAndFreezesOpenConnectionsUntilCleared() throws IOException {
    Socket established = connect(0);
    roundTrip(established, "before");

    fleet.setFault(0, Fault.blackholeAndStall());
    established.getOutputStream().write("held".getBytes(StandardCharsets.US_ASCII));

    Socket probe = new Socket();
    clients.add(probe);
    assertThatThrownBy(() -> probe.connect(fleet.addresses().get(0), 500))
        .isInstanceOf(SocketTimeoutException.class);
    assertReadTimesOut(established);
    assertThat(roundTrip(connect(1), "neighbour")).isEqualTo("neighbour");

    fleet.clearFaults();
    assertThat(new String(established.getInputStream().readNBytes(4), StandardCharsets.US_ASCII))
        .as("paused bytes are delivered once the fault clears")
        .isEqualTo("held");
    assertThat(roundTrip(connect(0), "after")).isEqualTo("after");
  }

  @Test
  void acceptThenStallAcceptsTcpButNeverForwards() throws IOException {
    fleet.setFault(2, Fault.acceptThenStall());

    Socket socket = connect(2);
    socket.getOutputStream().write("anyone there?".getBytes(StandardCharsets.US_ASCII));

    assertReadTimesOut(socket);
    assertThat(fleet.counters(2).accepted()).isEqualTo(1);
    assertThat(fleet.counters(2).bytesToBackend()).isZero();
  }

  @Test
  void stallAfterZeroFreezesAnEstablishedConnectionWhileOtherAddressesWork() throws IOException {
    Socket established = connect(0);
    assertThat(roundTrip(established, "ping")).isEqualTo("ping");

    fleet.setFault(0, Fault.stallAfter(0));
    established.getOutputStream().write("lost?".getBytes(StandardCharsets.US_ASCII));

    assertReadTimesOut(established);
    assertThat(roundTrip(connect(1), "other address")).isEqualTo("other address");

    fleet.clearFaults();
    assertThat(new String(established.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
        .as("paused bytes are delivered once the stall ends")
        .isEqualTo("lost?");
  }

  @Test
  void stallAfterForwardsExactlyItsBudgetCountingBothDirections() throws IOException {
    Socket established = connect(0);
    roundTrip(established, "warm");

    fleet.setFault(0, Fault.stallAfter(10));

    assertThat(roundTrip(established, "12345")).isEqualTo("12345");
    established.getOutputStream().write('x');
    assertReadTimesOut(established);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(fleet.counters(0)).isEqualTo(new ProxyCounters(1, 1, 4 + 5, 4 + 5)));
  }

  @Test
  void resetBreaksExistingConnectionsAndResetsNewOnes() throws IOException {
    Socket established = connect(0);
    roundTrip(established, "hi");

    fleet.setFault(0, Fault.reset());

    assertThatThrownBy(() -> established.getInputStream().read())
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("reset");
    assertThatThrownBy(() -> connect(0).getInputStream().read())
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("reset");
    await().atMost(Duration.ofSeconds(5)).until(() -> fleet.counters(0).active() == 0);
  }

  @Test
  void latencyDelaysEachDirection() throws IOException {
    Socket socket = connect(1);
    fleet.setFault(1, Fault.latency(Duration.ofMillis(250)));

    long started = System.nanoTime();
    assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(elapsedMillis).isGreaterThanOrEqualTo(2 * 250);
  }

  @Test
  void directTlsClientHelloThroughTheProxyRecordsTheSniHostName() throws IOException {
    Socket tls = Tls.startHandshake(fleet.addresses().get(1), "db.neon.test");
    clients.add(tls);

    await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.sniSeen(1).isEmpty());
    assertThat(fleet.sniSeen(1)).containsExactly("db.neon.test");
    assertThat(fleet.sniSeen(0)).isEmpty();
  }

  @Test
  void closeEndsEveryProxyThreadClosesClientsAndFreesThePort() throws IOException {
    Socket passing = connect(0);
    roundTrip(passing, "x");
    fleet.setFault(1, Fault.acceptThenStall());
    connect(1);
    fleet.setFault(0, Fault.stallAfter(0));
    passing.getOutputStream().write('y');
    fleet.setFault(2, Fault.blackhole());
    assertThat(proxyThreads()).isNotEmpty();

    fleet.close();
    fleet.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> proxyThreads().isEmpty());
    passing.setSoTimeout(READ_TIMEOUT_MILLIS);
    assertThatThrownBy(
            () -> {
              if (passing.getInputStream().read() < 0) {
                throw new SocketException("end of stream");
              }
            })
        .isInstanceOf(IOException.class);
    for (InetSocketAddress address : fleet.addresses()) {
      try (ServerSocket rebound = new ServerSocket()) {
        rebound.bind(address);
        assertThat(rebound.getLocalPort()).isEqualTo(fleet.port());
      }
    }
    assertThatThrownBy(() -> fleet.setFault(0, Fault.pass()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static List<String> proxyThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("detour-testkit-proxy-"))
        .toList();
  }
}
