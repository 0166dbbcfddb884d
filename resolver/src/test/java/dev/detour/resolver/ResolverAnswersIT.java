package dev.detour.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.testkit.dns.DnsFault;
import dev.detour.testkit.dns.DnsServer;
import dev.detour.testkit.dns.RecordType;
import dev.detour.testkit.dns.Transport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resolver against the testkit DNS server over real UDP and TCP on loopback. */
class ResolverAnswersIT {

  private final DnsServer dns = DnsServer.start();
  private final HostResolver resolver =
      HostResolver.builder()
          .servers(List.of(dns.address()))
          .searchDomains(List.of())
          .useHostsFile(false)
          .minTtl(Duration.ofSeconds(1))
          .build();

  @AfterEach
  void close() {
    resolver.close();
    dns.close();
  }

  static List<String> ips(ResolvedHost host) {
    List<String> out = new ArrayList<>();
    for (InetAddress a : host.addresses()) {
      out.add(a.getHostAddress());
    }
    return out;
  }

  @Test
  void ttlIsHonouredThenTheNewAnswerIsFetched() throws Exception {
    dns.setA("db.test", Duration.ofSeconds(2), "127.0.0.1", "127.0.0.2");
    ResolvedHost first = resolver.resolve("db.test");
    assertThat(ips(first)).containsExactly("127.0.0.1", "127.0.0.2");
    assertThat(first.source()).isEqualTo(AddressSource.DNS);
    assertThat(first.expiresAtNanos() - first.fetchedAtNanos())
        .isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(resolver.resolve("db.test")).isSameAs(first);
    assertThat(dns.queryCount("db.test", RecordType.A)).isEqualTo(1);
    assertThat(dns.queryCount("db.test", RecordType.AAAA)).isEqualTo(1);

    dns.setA("db.test", Duration.ofSeconds(2), "127.0.0.3");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(ips(resolver.resolve("db.test"))).containsExactly("127.0.0.3"));
    assertThat(resolver.resolve("db.test").generation()).isEqualTo(first.generation() + 1);
  }

  @Test
  void ttlBelowTheMinimumIsRaised() throws Exception {
    try (HostResolver defaults =
        HostResolver.builder()
            .servers(List.of(dns.address()))
            .searchDomains(List.of())
            .useHostsFile(false)
            .build()) {
      dns.setA("db.test", Duration.ofSeconds(1), "127.0.0.1");
      ResolvedHost host = defaults.resolve("db.test");
      assertThat(host.expiresAtNanos() - host.fetchedAtNanos())
          .isEqualTo(Duration.ofSeconds(5).toNanos());
    }
  }

  @Test
  void rotationIsDetectedAndOnlyASetChangeNotifiesListeners() throws Exception {
    List<String> changes = Collections.synchronizedList(new ArrayList<>());
    resolver.addListener(
        (host, before, after) -> changes.add(host + " " + before.size() + "->" + after.size()));
    dns.setA("db.test", Duration.ofSeconds(1), "127.0.0.1", "127.0.0.2", "127.0.0.3");
    ResolvedHost first = resolver.resolve("db.test");
    assertThat(changes).containsExactly("db.test 0->3");

    dns.rotate("db.test");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(ips(resolver.resolve("db.test"))).isNotEqualTo(ips(first)));
    ResolvedHost rotated = resolver.resolve("db.test");
    assertThat(rotated.addresses()).containsExactlyInAnyOrderElementsOf(first.addresses());
    assertThat(rotated.generation()).isEqualTo(first.generation());
    assertThat(changes).containsExactly("db.test 0->3");

    dns.setA("db.test", Duration.ofSeconds(1), "127.0.0.1", "127.0.0.2");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              resolver.resolve("db.test"); // entries refresh when used
              assertThat(changes).containsExactly("db.test 0->3", "db.test 3->2");
            });
    assertThat(resolver.resolve("db.test").generation()).isEqualTo(first.generation() + 1);
  }

  @Test
  void truncatedUdpAnswerFallsBackToTcp() throws Exception {
    dns.setA("big.test", Duration.ofSeconds(60), "127.0.0.1", "127.0.0.2");
    dns.setFault("big.test", RecordType.A, DnsFault.truncateUdp());
    ResolvedHost host = resolver.resolve("big.test");
    assertThat(ips(host)).containsExactly("127.0.0.1", "127.0.0.2");
    assertThat(dns.queryCount("big.test", RecordType.A, Transport.UDP)).isEqualTo(1);
    assertThat(dns.queryCount("big.test", RecordType.A, Transport.TCP)).isEqualTo(1);
  }

  @Test
  void cnameChainIsFollowed() throws Exception {
    dns.setA("real.test", Duration.ofSeconds(60), "127.0.0.7");
    dns.setCname("alias.test", Duration.ofSeconds(30), "real.test");
    ResolvedHost host = resolver.resolve("alias.test");
    assertThat(host.host()).isEqualTo("alias.test");
    assertThat(ips(host)).containsExactly("127.0.0.7");
    assertThat(host.expiresAtNanos() - host.fetchedAtNanos())
        .isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void dualStackAnswerIsIpv4First() throws Exception {
    dns.setA("dual.test", Duration.ofSeconds(60), "127.0.0.1");
    dns.setAaaa("dual.test", Duration.ofSeconds(60), "::1");
    assertThat(ips(resolver.resolve("dual.test"))).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
  }

  @Test
  void unknownNameSaysWhatEachTypeReturned() {
    assertThatThrownBy(() -> resolver.resolve("nowhere.test"))
        .isInstanceOf(UnresolvableHostException.class)
        .hasMessage("nowhere.test: no address (A: NXDOMAIN, AAAA: NXDOMAIN)");
    dns.setAaaa("v6.test", Duration.ofSeconds(60), "::1");
    try (HostResolver v4only =
        HostResolver.builder()
            .servers(List.of(dns.address()))
            .searchDomains(List.of())
            .useHostsFile(false)
            .order(AddressOrder.IPV4_ONLY)
            .build()) {
      assertThatThrownBy(() -> v4only.resolve("v6.test"))
          .isInstanceOf(UnresolvableHostException.class)
          .hasMessage("v6.test: no address (A: no records)");
    }
  }
}
