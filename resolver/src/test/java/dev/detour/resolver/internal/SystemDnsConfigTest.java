package dev.detour.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.config.JndiContextResolverConfigProvider;
import org.xbill.DNS.config.ResolverConfigProvider;

/** Reading the system's DNS settings: dnsjava's providers, its rules, no needless provider. */
class SystemDnsConfigTest {

  private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 53);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 53);

  /** A provider that records whether it was started. */
  private static final class Fake implements ResolverConfigProvider {
    final List<InetSocketAddress> servers;
    final List<Name> search;
    final int ndots;
    final boolean serversOnly;
    int initialized;

    Fake(List<InetSocketAddress> servers, List<String> search, int ndots, boolean serversOnly) {
      this.servers = servers;
      this.search = new ArrayList<>();
      for (String s : search) {
        this.search.add(Name.fromConstantString(s + "."));
      }
      this.ndots = ndots;
      this.serversOnly = serversOnly;
    }

    @Override
    public void initialize() {
      initialized++;
    }

    @Override
    public List<InetSocketAddress> servers() {
      return servers;
    }

    @Override
    public List<Name> searchPaths() {
      return search;
    }

    @Override
    public int ndots() {
      return ndots;
    }
  }

  private static SystemDnsConfig walk(List<Fake> providers, boolean wantServers) {
    return SystemDnsConfig.walk(List.copyOf(providers), p -> ((Fake) p).serversOnly, wantServers);
  }

  @Test
  void aServersOnlyProviderIsSkippedOnceServersAreKnown() {
    Fake resolvConf = new Fake(List.of(A), List.of(), 1, false);
    Fake jndi = new Fake(List.of(B), List.of(), 1, true);
    Fake fallback = new Fake(List.of(), List.of(), 1, false);
    SystemDnsConfig c = walk(List.of(resolvConf, jndi, fallback), true);
    assertThat(c.servers()).containsExactly(A);
    assertThat(c.searchDomains()).isEmpty();
    assertThat(jndi.initialized).isZero();
    assertThat(fallback.initialized).isOne();
  }

  @Test
  void aServersOnlyProviderStillNamesServersWhenNoneAreKnown() {
    Fake resolvConf = new Fake(List.of(), List.of("svc.test"), 3, false);
    Fake jndi = new Fake(List.of(B), List.of(), 1, true);
    SystemDnsConfig c = walk(List.of(resolvConf, jndi), true);
    assertThat(c.servers()).containsExactly(B);
    assertThat(c.searchDomains()).containsExactly("svc.test");
    assertThat(c.ndots()).isEqualTo(3);
    assertThat(jndi.initialized).isOne();
  }

  @Test
  void withoutWantedServersOnlySearchPathProvidersAreStarted() {
    Fake props = new Fake(List.of(), List.of(), 1, false);
    Fake resolvConf = new Fake(List.of(A), List.of(), 1, false);
    Fake jndi = new Fake(List.of(B), List.of(), 1, true);
    Fake fallback = new Fake(List.of(), List.of("fb.test"), 2, false);
    SystemDnsConfig c = walk(List.of(props, resolvConf, jndi, fallback), false);
    assertThat(c.servers()).isEmpty();
    assertThat(c.searchDomains()).containsExactly("fb.test");
    assertThat(c.ndots()).isEqualTo(2);
    assertThat(jndi.initialized).isZero();
    assertThat(fallback.initialized).isOne();
  }

  @Test
  void theFirstSearchPathWinsWithItsNdotsAndTheWalkStopsWhenBothAreKnown() {
    Fake first = new Fake(List.of(A), List.of("one.test"), 4, false);
    Fake second = new Fake(List.of(B), List.of("two.test"), 2, false);
    SystemDnsConfig c = walk(List.of(first, second), true);
    assertThat(c.servers()).containsExactly(A);
    assertThat(c.searchDomains()).containsExactly("one.test");
    assertThat(c.ndots()).isEqualTo(4);
    assertThat(second.initialized).isZero();
  }

  @Test
  void noServersAnywhereMeansTheLoopback() {
    SystemDnsConfig c = walk(List.of(new Fake(List.of(), List.of(), 1, false)), true);
    assertThat(c.servers()).hasSize(1);
    assertThat(c.servers().get(0).getAddress().isLoopbackAddress()).isTrue();
    assertThat(c.servers().get(0).getPort()).isEqualTo(53);
  }

  @Test
  void theResultIsResolverConfigsOnThisMachine() {
    ResolverConfig rc = ResolverConfig.getCurrentConfig();
    SystemDnsConfig all = SystemDnsConfig.read(true);
    SystemDnsConfig searchOnly = SystemDnsConfig.read(false);
    assertThat(all.servers()).isEqualTo(rc.servers());
    assertThat(all.searchDomains()).hasSameSizeAs(rc.searchPath());
    assertThat(all.ndots()).isEqualTo(rc.ndots());
    assertThat(searchOnly.servers()).isEmpty();
    assertThat(searchOnly.searchDomains()).isEqualTo(all.searchDomains());
    assertThat(searchOnly.ndots()).isEqualTo(all.ndots());
  }

  @Test
  void dnsjavasJndiProviderNeverGivesASearchPath() throws Exception {
    // SystemDnsConfig skips it when servers are known or not wanted; that is only the same as
    // ResolverConfig while this provider names servers alone
    JndiContextResolverConfigProvider jndi = new JndiContextResolverConfigProvider();
    if (jndi.isEnabled()) {
      jndi.initialize();
      assertThat(jndi.searchPaths()).isEmpty();
    }
  }
}
