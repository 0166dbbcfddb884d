package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.resolver.HostResolver;
import dev.detour.resolver.HostResolverBuilder;
import dev.detour.resolver.HostResolverConfig;
import dev.detour.resolver.ResolverEventListener;
import dev.detour.testkit.FakeClock;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system's DNS settings are read when a lookup first needs them, only the part it needs, once;
 * a resolver given its servers and search path never reads them.
 */
class LazySystemDnsTest {

  private static final InetSocketAddress GIVEN = new InetSocketAddress("127.0.0.1", 53);
  private static final InetSocketAddress SYSTEM_SERVER = new InetSocketAddress("127.0.0.9", 53);

  @TempDir Path dir;

  /** A resolver on a fake clock and scripted DNS whose system configuration is counted. */
  private static final class Harness implements AutoCloseable {
    final FakeClock clock = new FakeClock();
    final ScriptedDns dns = new ScriptedDns(clock);
    final List<Boolean> reads = Collections.synchronizedList(new ArrayList<>());
    final DefaultHostResolver resolver;

    Harness(
        List<InetSocketAddress> servers,
        List<String> search,
        Integer ndots,
        SystemDnsConfig system,
        UnaryOperator<HostResolverBuilder> custom) {
      HostResolverConfig base =
          custom
              .apply(
                  HostResolver.builder()
                      .servers(List.of(GIVEN))
                      .searchDomains(List.of())
                      .ndots(1)
                      .useHostsFile(false)
                      .scheduler(clock))
              .config();
      DnsSettings settings =
          new DnsSettings(
              servers,
              search,
              ndots,
              wantServers -> {
                reads.add(wantServers);
                return wantServers
                    ? system
                    : new SystemDnsConfig(List.of(), system.searchDomains(), system.ndots());
              });
      resolver =
          new DefaultHostResolver(base, settings, clock, false, ResolverEventListener.NOOP, dns);
    }

    List<String> resolveNow(String host) {
      CompletableFuture<dev.detour.resolver.ResolvedHost> f = resolver.resolveAsync(host);
      clock.runUntilIdle();
      assertThat(f).isDone();
      return ips(f.join());
    }

    @Override
    public void close() {
      resolver.close();
      clock.close();
    }
  }

  private static SystemDnsConfig system(List<String> search, int ndots) {
    return new SystemDnsConfig(List.of(SYSTEM_SERVER), search, ndots);
  }

  @Test
  void givenServersSearchAndNdotsNeverReadTheSystem() {
    try (Harness h =
        new Harness(List.of(GIVEN), List.of("svc.test"), 1, system(List.of(), 1), b -> b)) {
      h.dns.a("db.prod", 60, "127.0.0.5");
      assertThat(h.resolveNow("db.prod")).containsExactly("127.0.0.5");
      assertThat(h.resolver.config().servers()).containsExactly(GIVEN);
      assertThat(h.resolver.toString()).contains("[/127.0.0.1:53]");
      assertThat(h.reads).isEmpty();
    }
  }

  @Test
  void anEmptySearchListGivenNeedsNoSystemNdots() {
    try (Harness h =
        new Harness(List.of(GIVEN), List.of(), null, system(List.of("x.test"), 5), b -> b)) {
      h.dns.a("db.prod", 60, "127.0.0.5");
      assertThat(h.resolveNow("db.prod")).containsExactly("127.0.0.5");
      assertThat(h.reads).isEmpty();
    }
  }

  @Test
  void givenServersReadOnlyTheSearchPathAtTheFirstLookupAndOnlyOnce() {
    try (Harness h = new Harness(List.of(GIVEN), null, null, system(List.of(), 1), b -> b)) {
      assertThat(h.reads).as("building reads nothing").isEmpty();
      assertThat(h.resolver.toString()).contains("[/127.0.0.1:53]");
      h.dns.a("db.prod", 60, "127.0.0.5");
      h.dns.a("db2.prod", 60, "127.0.0.6");
      assertThat(h.resolveNow("db.prod")).containsExactly("127.0.0.5");
      assertThat(h.resolveNow("db2.prod")).containsExactly("127.0.0.6");
      assertThat(h.reads).as("one read, without servers").containsExactly(false);
      assertThat(h.dns.log()).allSatisfy(q -> assertThat(q.server()).isEqualTo(GIVEN));
    }
  }

  @Test
  void literalsAndTheHostsFileNeverReadTheSystem() throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.2 db.test\n");
    try (Harness h =
        new Harness(
            null, null, null, system(List.of(), 1), b -> b.useHostsFile(true).hostsFile(hosts))) {
      assertThat(h.resolveNow("127.0.0.3")).containsExactly("127.0.0.3");
      assertThat(h.resolveNow("db.test")).containsExactly("127.0.0.2");
      assertThat(h.resolver.toString()).contains("servers=system");
      assertThat(h.reads).isEmpty();
    }
  }

  @Test
  void withoutServersTheSystemsAreReadAtTheFirstLookupAndAsked() {
    try (Harness h = new Harness(null, List.of(), 1, system(List.of(), 1), b -> b)) {
      h.dns.a("db.prod", 60, "127.0.0.5");
      assertThat(h.resolveNow("db.prod")).containsExactly("127.0.0.5");
      assertThat(h.reads).containsExactly(true);
      assertThat(h.dns.log())
          .isNotEmpty()
          .allSatisfy(q -> assertThat(q.server()).isEqualTo(SYSTEM_SERVER));
      assertThat(h.resolver.config().servers()).containsExactly(SYSTEM_SERVER);
      assertThat(h.reads).hasSize(1);
    }
  }

  @Test
  void theSystemSearchPathAndNdotsDecideTheNamesTried() {
    // ndots 2: "db.prod" has one dot, so the search domain goes first
    try (Harness h =
        new Harness(List.of(GIVEN), null, null, system(List.of("svc.test"), 2), b -> b)) {
      h.dns.a("db.prod.svc.test", 60, "127.0.0.7");
      h.dns.a("db.prod", 60, "127.0.0.5");
      assertThat(h.resolveNow("db.prod")).containsExactly("127.0.0.7");
      assertThat(h.resolver.config().searchDomains()).containsExactly("svc.test");
      assertThat(h.resolver.config().ndots()).isEqualTo(2);
    }
    // ndots 1: the name as given goes first
    try (Harness h =
        new Harness(List.of(GIVEN), null, null, system(List.of("svc.test"), 1), b -> b)) {
      h.dns.a("db.prod.svc.test", 60, "127.0.0.7");
      h.dns.a("db.prod", 60, "127.0.0.5");
      assertThat(h.resolveNow("db.prod")).containsExactly("127.0.0.5");
    }
  }

  @Test
  void aGivenSearchListWithoutNdotsTakesTheSystemsNdots() {
    try (Harness h =
        new Harness(List.of(GIVEN), List.of("svc.test"), null, system(List.of(), 3), b -> b)) {
      h.dns.a("db.prod.svc.test", 60, "127.0.0.7");
      h.dns.a("db.prod", 60, "127.0.0.5");
      assertThat(h.resolveNow("db.prod")).containsExactly("127.0.0.7");
      assertThat(h.reads).containsExactly(false);
    }
  }

  @Test
  void theBuilderReadsNothingWhenEverythingIsGiven() throws Exception {
    long before = SystemDnsConfig.reads();
    try (HostResolver r =
        HostResolver.builder()
            .servers(List.of(GIVEN))
            .searchDomains(List.of("svc.test"))
            .ndots(1)
            .useHostsFile(false)
            .build()) {
      assertThat(r.resolve("127.0.0.3").addresses()).hasSize(1);
    }
    assertThat(SystemDnsConfig.reads()).isEqualTo(before);
  }
}
