package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.resolver.AddressSource;
import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.UnresolvableHostException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheTtlTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shortTtlIsRaisedToMinTtl() {
    f.dns.a("db.test", 1, "127.0.0.1");
    ResolvedHost host = f.resolveNow("db.test");
    assertThat(host.expiresAtNanos() - host.fetchedAtNanos())
        .isEqualTo(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void longTtlIsCutToMaxTtl() {
    f.dns.a("db.test", 86_400, "127.0.0.1");
    ResolvedHost host = f.resolveNow("db.test");
    assertThat(host.expiresAtNanos() - host.fetchedAtNanos())
        .isEqualTo(Duration.ofSeconds(300).toNanos());
  }

  @Test
  void ttlWithinRangeIsKeptAndTheSmallestOfBothFamiliesWins() {
    f.dns.a("db.test", 60, "127.0.0.1").aaaa("db.test", 40, "::1");
    ResolvedHost host = f.resolveNow("db.test");
    assertThat(host.expiresAtNanos() - host.fetchedAtNanos())
        .isEqualTo(Duration.ofSeconds(40).toNanos());
    assertThat(host.source()).isEqualTo(AddressSource.DNS);
  }

  @Test
  void cachedAnswerIsReturnedWithoutQueryUntilItExpires() throws Exception {
    f.dns.a("db.test", 60, "127.0.0.1");
    ResolvedHost first = f.resolveNow("db.test");
    f.dns.clearLog();
    f.clock.advance(Duration.ofSeconds(44));
    assertThat(f.resolver.resolve("db.test")).isSameAs(first);
    assertThat(f.dns.log()).isEmpty();

    f.dns.a("db.test", 60, "127.0.0.2");
    f.clock.advance(Duration.ofSeconds(17)); // 61 s: expired
    ResolvedHost second = f.resolveNow("db.test");
    assertThat(ips(second)).containsExactly("127.0.0.2");
    assertThat(f.dns.count("db.test", "A")).isEqualTo(1);
  }

  @Test
  void nxdomainIsCachedForTheNegativeTtl() {
    assertThatThrownBy(() -> f.resolveNow("gone.test"))
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(UnresolvableHostException.class)
        .hasMessage("gone.test: no address (A: NXDOMAIN, AAAA: NXDOMAIN)");
    f.dns.clearLog();

    f.clock.advance(Duration.ofSeconds(4));
    assertThatThrownBy(() -> f.resolver.resolve("gone.test"))
        .isInstanceOf(UnresolvableHostException.class);
    assertThat(f.dns.log()).isEmpty();

    f.dns.a("gone.test", 60, "127.0.0.3");
    f.clock.advance(Duration.ofSeconds(2)); // 6 s: negative entry expired
    assertThat(ips(f.resolveNow("gone.test"))).containsExactly("127.0.0.3");
    assertThat(f.dns.count("gone.test", "A")).isEqualTo(1);
  }

  @Test
  void emptyAnswerIsCachedForTheNegativeTtlAndSaysNoRecords() {
    f.dns.a("empty.test", 60);
    f.dns.aaaa("empty.test", 60);
    assertThatThrownBy(() -> f.resolveNow("empty.test"))
        .cause()
        .hasMessage("empty.test: no address (A: no records, AAAA: no records)");
    f.dns.clearLog();
    f.clock.advance(Duration.ofSeconds(3));
    assertThatThrownBy(() -> f.resolveNow("empty.test")).cause().hasMessageContaining("no records");
    assertThat(f.dns.log()).isEmpty();
  }

  @Test
  void upperCaseAndTrailingDotShareTheLowerCaseEntry() throws Exception {
    f.dns.a("db.test", 60, "127.0.0.1");
    ResolvedHost first = f.resolveNow("DB.Test.");
    assertThat(first.host()).isEqualTo("db.test");
    assertThat(f.resolver.resolve("db.test")).isSameAs(first);
    assertThat(f.dns.count("db.test", "A")).isEqualTo(1);
  }
}
