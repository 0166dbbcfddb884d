package dev.detour.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.testkit.dns.DnsFault;
import dev.detour.testkit.dns.DnsServer;
import dev.detour.testkit.dns.RecordType;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serve-stale, timeouts and the resolution delay against a real DNS server on loopback. */
class ResolverFailuresIT {

  private final DnsServer dns = DnsServer.start();
  private final List<HostResolver> resolvers = new ArrayList<>();

  @AfterEach
  void close() {
    resolvers.forEach(HostResolver::close);
    dns.close();
  }

  private HostResolver resolver(Duration queryTimeout, Duration totalTimeout, int serverCopies) {
    List<java.net.InetSocketAddress> servers = new ArrayList<>();
    for (int i = 0; i < serverCopies; i++) {
      servers.add(dns.address());
    }
    HostResolver r =
        HostResolver.builder()
            .servers(servers)
            .searchDomains(List.of())
            .useHostsFile(false)
            .minTtl(Duration.ofSeconds(1))
            .queryTimeout(queryTimeout)
            .totalTimeout(totalTimeout)
            .build();
    resolvers.add(r);
    return r;
  }

  private static List<String> ips(ResolvedHost host) {
    List<String> out = new ArrayList<>();
    for (InetAddress a : host.addresses()) {
      out.add(a.getHostAddress());
    }
    return out;
  }

  @Test
  void servfailIsAnsweredFromStaleData() throws Exception {
    HostResolver resolver = resolver(Duration.ofMillis(500), Duration.ofSeconds(1), 1);
    dns.setA("db.test", Duration.ofSeconds(1), "127.0.0.1", "127.0.0.2");
    ResolvedHost fresh = resolver.resolve("db.test");
    dns.setFault("db.test", DnsFault.servFail());

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(resolver.resolve("db.test").isStale()).isTrue());
    ResolvedHost stale = resolver.resolve("db.test");
    assertThat(stale.source()).isEqualTo(AddressSource.STALE);
    assertThat(stale.addresses()).isEqualTo(fresh.addresses());
    assertThat(stale.generation()).isEqualTo(fresh.generation());
    assertThat(dns.queryCount("db.test", RecordType.A)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void timeoutsAreAnsweredFromStaleDataWithinTheTotalTimeout() throws Exception {
    HostResolver resolver = resolver(Duration.ofMillis(300), Duration.ofMillis(600), 1);
    dns.setA("db.test", Duration.ofSeconds(1), "127.0.0.1");
    ResolvedHost fresh = resolver.resolve("db.test");
    dns.setFault("db.test", DnsFault.noAnswer());

    // every resolve() is answered within the total timeout (600 ms): from the cache, or from stale
    // data once the query times out; the margin covers a loaded 2-core build machine
    long promiseMillis = 600;
    long loadMarginMillis = 1_000;
    List<Long> tookMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              long t0 = System.nanoTime();
              ResolvedHost r = resolver.resolve("db.test");
              tookMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
              assertThat(r.isStale()).isTrue();
            });
    long t0 = System.nanoTime();
    assertThat(resolver.resolve("db.test").addresses()).isEqualTo(fresh.addresses());
    tookMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    assertThat(tookMillis).allMatch(ms -> ms < promiseMillis + loadMarginMillis);
  }

  @Test
  void serverThatNeverAnswersIsBoundedByTheTotalTimeout() {
    // three copies of a silent server: without the total timeout this would take 3 x 2s
    HostResolver resolver = resolver(Duration.ofSeconds(2), Duration.ofMillis(2500), 3);
    dns.setFault("silent.test", DnsFault.noAnswer());
    long start = System.nanoTime();
    assertThatThrownBy(() -> resolver.resolve("silent.test"))
        .isInstanceOf(UnresolvableHostException.class)
        .hasMessage("silent.test: no address (A: timeout after 2.5s, AAAA: timeout after 2.5s)");
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // generous bound for a loaded machine; the point is "not 6 s"
    assertThat(elapsedMillis).isLessThan(5_000);
    assertThat(dns.queryCount("silent.test", RecordType.A)).isEqualTo(2);
  }

  @Test
  void slowAaaaDoesNotHoldBackTheAAnswer() throws Exception {
    HostResolver resolver = resolver(Duration.ofSeconds(7), Duration.ofSeconds(8), 1);
    dns.setA("dual.test", Duration.ofSeconds(60), "127.0.0.1");
    dns.setAaaa("dual.test", Duration.ofSeconds(60), "::1");
    dns.setFault("dual.test", RecordType.AAAA, DnsFault.delay(Duration.ofSeconds(5)));
    long start = System.nanoTime();
    ResolvedHost host = resolver.resolve("dual.test");
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ips(host)).containsExactly("127.0.0.1");
    assertThat(elapsedMillis).isLessThan(4_000); // far below the 5 s AAAA delay

    // the late AAAA answer still reaches the cache
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(ips(resolver.resolve("dual.test")))
                    .containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1"));
  }

  @Test
  void missingAaaaAnswerDoesNotHoldBackTheAAnswer() throws Exception {
    HostResolver resolver = resolver(Duration.ofSeconds(7), Duration.ofSeconds(8), 1);
    dns.setA("dual.test", Duration.ofSeconds(60), "127.0.0.1");
    dns.setFault("dual.test", RecordType.AAAA, DnsFault.noAnswer());
    long start = System.nanoTime();
    ResolvedHost host = resolver.resolve("dual.test");
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ips(host)).containsExactly("127.0.0.1");
    assertThat(elapsedMillis).isLessThan(4_000); // far below the 7 s query timeout
  }
}
