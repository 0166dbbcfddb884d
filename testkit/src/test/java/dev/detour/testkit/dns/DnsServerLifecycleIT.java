package dev.detour.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Binding, closing and input checks of {@link DnsServer}. */
class DnsServerLifecycleIT {

  private static final String THREAD_PREFIX = "detour-testkit-dns";

  @Test
  void servesUdpAndTcpOnOneLoopbackPort() throws Exception {
    try (DnsServer server = DnsServer.start()) {
      server.setA("both.detour.test", Duration.ofSeconds(60), "127.0.0.2");

      assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(server.address().getPort()).isEqualTo(server.port()).isPositive();
      assertThat(Dig.addresses(Dig.query(server, "both.detour.test", Type.A, Transport.UDP)))
          .containsExactly("127.0.0.2");
      assertThat(Dig.addresses(Dig.query(server, "both.detour.test", Type.A, Transport.TCP)))
          .containsExactly("127.0.0.2");
    }
  }

  @Test
  void closeEndsTheServersThreadsAndIsIdempotent() throws Exception {
    Set<Thread> before = dnsThreads();
    DnsServer server = DnsServer.start();
    server.setA("bye.detour.test", Duration.ofSeconds(60), "127.0.0.2");
    Dig.query(server, "bye.detour.test", Type.A, Transport.TCP);
    Set<Thread> own = dnsThreads();
    own.removeAll(before);
    assertThat(own).isNotEmpty().allMatch(Thread::isDaemon);

    server.close();
    server.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> own.stream().noneMatch(Thread::isAlive));
    await().atMost(Duration.ofSeconds(10)).until(() -> dnsThreads().isEmpty());
  }

  @Test
  void rejectsBadInputNamingIt() {
    try (DnsServer server = DnsServer.start()) {
      Duration ttl = Duration.ofSeconds(60);
      assertThatThrownBy(() -> server.setA("x.detour.test", ttl, "db.detour.test"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("values[0]: 'db.detour.test' (expected: an IPv4 literal such as 127.0.0.2)");
      assertThatThrownBy(() -> server.setAaaa("x.detour.test", ttl, "127.0.0.2"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("values[0]: '127.0.0.2' (expected: an IPv6 literal");
      assertThatThrownBy(() -> server.setA("", ttl, "127.0.0.2"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("name: '' (expected: a non-empty name)");
      assertThatThrownBy(() -> server.setA("x.detour.test", Duration.ofSeconds(-1), "127.0.0.2"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("ttl: -1s (expected: whole seconds");
      assertThatThrownBy(() -> server.setCname("x.detour.test", ttl, "X.detour.test."))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("target: 'X.detour.test.'");
      assertThatThrownBy(
              () -> server.setRecords("x.detour.test", RecordType.CNAME, ttl, List.of("a", "b")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exactly one target");
      assertThatThrownBy(() -> server.rotate("unknown.detour.test"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown.detour.test");
      assertThat(server.queryLog()).isEmpty();
    }
  }

  private static Set<Thread> dnsThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(THREAD_PREFIX) && t.isAlive())
        .collect(Collectors.toSet());
  }
}
