package dev.detour.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SNI recorded through the proxy when TLS starts the PostgreSQL way, after an SSLRequest. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PostgresSslSniIT {

  private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

  private TestBackend backend;
  private FaultProxyFleet fleet;

  @BeforeEach
  void start() throws IOException {
    backend = TestBackend.postgresSslYes();
    fleet = FaultProxyFleet.start(2, backend.address());
  }

  @AfterEach
  void stop() throws IOException {
    fleet.close();
    backend.close();
  }

  @Test
  void sslRequestThenClientHelloRecordsTheUrlHostNameOnTheAddressUsed() throws IOException {
    InetSocketAddress address = fleet.addresses().get(1);
    Socket plain = new Socket();
    plain.connect(address, 2_000);
    plain.setSoTimeout(5_000);
    plain.getOutputStream().write(SSL_REQUEST);
    assertThat(plain.getInputStream().read()).as("server accepts TLS").isEqualTo('S');

    try (Socket tls = Tls.startHandshakeOn(plain, address, "ep-cool-name.neon.test")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.sniSeen(1).isEmpty());
      assertThat(fleet.sniSeen(1)).containsExactly("ep-cool-name.neon.test");
      assertThat(fleet.sniSeen(0)).isEmpty();
    }
  }
}
