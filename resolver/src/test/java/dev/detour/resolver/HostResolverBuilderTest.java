package dev.detour.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.core.ConfigException;
import dev.detour.testkit.FakeClock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostResolverBuilderTest {

  private static final List<InetSocketAddress> LOCAL =
      List.of(new InetSocketAddress("127.0.0.1", 53));

  @Test
  void defaultsMatchTheReadme() {
    HostResolverConfig c = HostResolver.builder().servers(LOCAL).config();
    assertThat(c.queryTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.totalTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.order()).isEqualTo(AddressOrder.IPV4_FIRST);
    assertThat(c.minTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxTtl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.negativeTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxStale()).isEqualTo(Duration.ofHours(24));
    assertThat(c.staleRetry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.refreshAheadRatio()).isEqualTo(0.75);
    assertThat(c.resolutionDelay()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.maxEntries()).isEqualTo(10_000);
    assertThat(c.hostsFile()).isEqualTo(Path.of("/etc/hosts"));
    assertThat(c.servers()).isEqualTo(LOCAL);
  }

  @Test
  void propertiesSetEveryKnob() {
    Map<String, String> props =
        Map.ofEntries(
            Map.entry("detour.resolver.servers", "127.0.0.1:5353, [::1]:53"),
            Map.entry("detour.resolver.search", "svc.test"),
            Map.entry("detour.resolver.ndots", "2"),
            Map.entry("detour.resolver.queryTimeout", "500ms"),
            Map.entry("detour.resolver.totalTimeout", "2s"),
            Map.entry("detour.resolver.order", "ipv6_first"),
            Map.entry("detour.resolver.minTtl", "1s"),
            Map.entry("detour.resolver.maxTtl", "PT1M"),
            Map.entry("detour.resolver.negativeTtl", "2s"),
            Map.entry("detour.resolver.maxStale", "1h"),
            Map.entry("detour.resolver.staleRetry", "10s"),
            Map.entry("detour.resolver.refreshAheadRatio", "0.5"),
            Map.entry("detour.resolver.resolutionDelay", "20ms"),
            Map.entry("detour.resolver.maxEntries", "100"),
            Map.entry("detour.resolver.useHostsFile", "false"),
            Map.entry("detour.router.connectBudget", "10s"));
    HostResolverConfig c = HostResolverBuilder.fromProperties(props).config();
    assertThat(c.servers())
        .containsExactly(
            new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("::1", 53));
    assertThat(c.searchDomains()).containsExactly("svc.test");
    assertThat(c.ndots()).isEqualTo(2);
    assertThat(c.queryTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.totalTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.order()).isEqualTo(AddressOrder.IPV6_FIRST);
    assertThat(c.minTtl()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.maxTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.negativeTtl()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.maxStale()).isEqualTo(Duration.ofHours(1));
    assertThat(c.staleRetry()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.refreshAheadRatio()).isEqualTo(0.5);
    assertThat(c.resolutionDelay()).isEqualTo(Duration.ofMillis(20));
    assertThat(c.maxEntries()).isEqualTo(100);
    assertThat(c.hostsFile()).isNull();
  }

  @Test
  void unknownKeyIsRejectedWithASuggestion() {
    assertThatThrownBy(
            () -> HostResolverBuilder.fromProperties(Map.of("detour.resolver.querytimeout", "1s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "detour.resolver.querytimeout: unknown setting (did you mean"
                + " detour.resolver.queryTimeout?)");
  }

  @Test
  void badDurationIsRejectedNamingKeyAndValue() {
    assertThatThrownBy(
            () -> HostResolverBuilder.fromProperties(Map.of("detour.resolver.totalTimeout", "4")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "detour.resolver.totalTimeout: '4' (expected a duration such as 250ms, 10s, 2m or"
                + " PT10S)");
  }

  @Test
  void minTtlAboveMaxTtlIsRejectedFromPropertiesAndFromTheBuilder() {
    assertThatThrownBy(
            () ->
                HostResolverBuilder.fromProperties(
                    Map.of("detour.resolver.minTtl", "10s", "detour.resolver.maxTtl", "5s")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "detour.resolver.minTtl: '10s', detour.resolver.maxTtl: '5s' (expected minTtl <="
                + " maxTtl)");
    assertThatThrownBy(
            () ->
                HostResolver.builder()
                    .servers(LOCAL)
                    .minTtl(Duration.ofSeconds(10))
                    .maxTtl(Duration.ofSeconds(5))
                    .config())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minTtl: 10s, maxTtl: 5s (expected: minTtl <= maxTtl)");
  }

  @Test
  void badServerAddressIsRejectedNamingKeyAndEntry() {
    assertThatThrownBy(
            () ->
                HostResolverBuilder.fromProperties(
                    Map.of("detour.resolver.servers", "127.0.0.1:53,dns.test:53")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("detour.resolver.servers: '127.0.0.1:53,dns.test:53' (expected")
        .hasMessageContaining("bad entry 'dns.test:53'");
    assertThatThrownBy(
            () ->
                HostResolverBuilder.fromProperties(
                    Map.of("detour.resolver.servers", "127.0.0.1:70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad entry '127.0.0.1:70000'");
    assertThatThrownBy(
            () ->
                HostResolver.builder()
                    .servers(List.of(InetSocketAddress.createUnresolved("dns.test", 53))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("servers: 'dns.test/<unresolved>:53' is unresolved (expected an IP address)");
  }

  @Test
  void builderSettersRejectOutOfRangeValues() {
    HostResolverBuilder b = HostResolver.builder();
    assertThatThrownBy(() -> b.queryTimeout(Duration.ZERO))
        .hasMessage("queryTimeout: 0ns (expected: 1ms <= queryTimeout <= 1m)");
    assertThatThrownBy(() -> b.refreshAheadRatio(1.5))
        .hasMessage("refreshAheadRatio: 1.5 (expected: 0.1 <= refreshAheadRatio <= 1.0)");
    assertThatThrownBy(() -> b.maxEntries(0))
        .hasMessage("maxEntries: 0 (expected: 1 <= maxEntries <= 10000000)");
    assertThatThrownBy(() -> b.servers(List.of()))
        .hasMessage("servers: [] (expected at least one server)");
  }

  @Test
  void configsWithEqualSettingsAreEqualAndRoundTripThroughTheBuilder() {
    HostResolverConfig a = HostResolver.builder().servers(LOCAL).searchDomains(List.of()).config();
    HostResolverConfig b = HostResolver.builder().servers(LOCAL).searchDomains(List.of()).config();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(HostResolver.builder().config(a).config()).isEqualTo(a);
    assertThat(HostResolver.builder().config(a).order(AddressOrder.IPV6_ONLY).config())
        .isNotEqualTo(a);
  }

  @Test
  void builtResolverResolvesLiteralsAndClosesIdempotently() throws Exception {
    FakeClock clock = new FakeClock();
    HostResolver resolver =
        HostResolver.builder().servers(LOCAL).useHostsFile(false).scheduler(clock).build();
    assertThat(resolver.resolve("127.0.0.8").source()).isEqualTo(AddressSource.LITERAL);
    resolver.close();
    resolver.close();
  }

  @Test
  void resolveRejectsBadInputNamingIt() {
    FakeClock clock = new FakeClock();
    try (HostResolver resolver =
        HostResolver.builder().servers(LOCAL).useHostsFile(false).scheduler(clock).build()) {
      assertThatThrownBy(() -> resolver.resolve(null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("host: null");
      assertThatThrownBy(() -> resolver.resolve("bad_host!.test"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'bad_host!.test' has an invalid character '!'");
      assertThat(resolver.resolveAsync("")).isCompletedExceptionally();
    }
  }
}
