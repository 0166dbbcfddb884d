package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.resolver.AddressSource;
import dev.detour.resolver.LookupOutcome;
import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.UnresolvableHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class RefreshAndStaleTest {

  private final Fixture f = new Fixture(b -> b.maxStale(Duration.ofHours(1)));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void refreshStartsInTheBackgroundAtThreeQuartersOfTheTtl() throws Exception {
    f.dns.a("db.test", 100, "127.0.0.1");
    ResolvedHost first = f.resolveNow("db.test");
    f.dns.clearLog();

    f.clock.advance(Duration.ofSeconds(74));
    assertThat(f.resolver.resolve("db.test")).isSameAs(first);
    f.clock.runUntilIdle();
    assertThat(f.dns.log()).isEmpty();

    f.dns.a("db.test", 100, "127.0.0.2");
    f.clock.advance(Duration.ofSeconds(2)); // 76 s
    // the caller gets the cached answer at once; the refresh runs on the scheduler
    assertThat(f.resolver.resolve("db.test")).isSameAs(first);
    assertThat(f.dns.log()).isEmpty();
    f.clock.runUntilIdle();
    assertThat(f.dns.count("db.test", "A")).isEqualTo(1);

    ResolvedHost refreshed = f.resolver.resolve("db.test");
    assertThat(ips(refreshed)).containsExactly("127.0.0.2");
    assertThat(refreshed.generation()).isEqualTo(first.generation() + 1);
    assertThat(f.outcomes).contains(LookupOutcome.REFRESH);
  }

  @Test
  void manyHitsPastTheRefreshPointStartOneRefresh() throws Exception {
    f.dns.a("db.test", 100, "127.0.0.1");
    f.resolveNow("db.test");
    f.dns.clearLog();
    f.clock.advance(Duration.ofSeconds(80));
    for (int i = 0; i < 50; i++) {
      f.resolver.resolve("db.test");
    }
    f.clock.runUntilIdle();
    assertThat(f.dns.count("db.test", "A")).isEqualTo(1);
    assertThat(f.dns.count("db.test", "AAAA")).isEqualTo(1);
  }

  @Test
  void servfailAfterExpiryServesTheLastAnswerAsStale() throws Exception {
    f.dns.a("db.test", 10, "127.0.0.1");
    ResolvedHost fresh = f.resolveNow("db.test");
    f.dns.rcode("db.test", "A", Rcode.SERVFAIL).rcode("db.test", "AAAA", Rcode.SERVFAIL);

    f.clock.advance(Duration.ofSeconds(11));
    ResolvedHost stale = f.resolveNow("db.test");
    assertThat(stale.isStale()).isTrue();
    assertThat(stale.source()).isEqualTo(AddressSource.STALE);
    assertThat(stale.addresses()).isEqualTo(fresh.addresses());
    assertThat(stale.generation()).isEqualTo(fresh.generation());
    assertThat(f.outcomes).endsWith(LookupOutcome.STALE_HIT);
    assertThat(f.changes).hasSize(1); // only the first fill: a failure changes nothing
  }

  @Test
  void staleHostIsRetriedEveryThirtySecondsWithBackoffAndRecovers() throws Exception {
    f.dns.a("db.test", 10, "127.0.0.1");
    f.resolveNow("db.test");
    f.dns.rcode("db.test", "A", Rcode.SERVFAIL).rcode("db.test", "AAAA", Rcode.SERVFAIL);
    f.clock.advance(Duration.ofSeconds(11));
    f.resolveNow("db.test"); // fails, goes stale
    f.dns.clearLog();

    f.clock.advance(Duration.ofSeconds(29));
    assertThat(f.resolveNow("db.test").isStale()).isTrue();
    assertThat(f.dns.log()).isEmpty();

    f.clock.advance(Duration.ofSeconds(2)); // 31 s after the failure: first retry
    assertThat(f.resolveNow("db.test").isStale()).isTrue();
    assertThat(f.dns.count("db.test", "A")).isEqualTo(1);

    f.clock.advance(Duration.ofSeconds(45)); // the next retry waits 60 s
    f.resolveNow("db.test");
    assertThat(f.dns.count("db.test", "A")).isEqualTo(1);
    f.clock.advance(Duration.ofSeconds(16));
    f.resolveNow("db.test");
    assertThat(f.dns.count("db.test", "A")).isEqualTo(2);

    f.dns.a("db.test", 10, "127.0.0.1");
    f.dns.rcode("db.test", "AAAA", Rcode.NOERROR);
    f.clock.advance(Duration.ofSeconds(121));
    f.resolveNow("db.test"); // stale, starts the retry, which succeeds
    ResolvedHost recovered = f.resolveNow("db.test");
    assertThat(recovered.isStale()).isFalse();
    assertThat(recovered.source()).isEqualTo(AddressSource.DNS);
    assertThat(ips(recovered)).containsExactly("127.0.0.1");
  }

  @Test
  void staleAnswerIsDroppedAfterMaxStale() {
    f.dns.a("db.test", 10, "127.0.0.1");
    f.resolveNow("db.test");
    f.dns.rcode("db.test", "A", Rcode.SERVFAIL).rcode("db.test", "AAAA", Rcode.SERVFAIL);
    f.clock.advance(Duration.ofSeconds(11));
    assertThat(f.resolveNow("db.test").isStale()).isTrue();

    f.clock.advance(Duration.ofHours(1));
    CompletableFuture<ResolvedHost> late = f.start("db.test");
    f.clock.runUntilIdle();
    assertThatThrownBy(late::join)
        .cause()
        .isInstanceOf(UnresolvableHostException.class)
        .hasMessage("db.test: no address (A: SERVFAIL, AAAA: SERVFAIL)");
  }

  @Test
  void failedRefreshAheadKeepsServingTheFreshAnswerUntilItExpires() throws Exception {
    f.dns.a("db.test", 100, "127.0.0.1");
    ResolvedHost first = f.resolveNow("db.test");
    f.dns.silent("db.test", "A", true).silent("db.test", "AAAA", true);
    f.clock.advance(Duration.ofSeconds(80));
    assertThat(f.resolver.resolve("db.test")).isSameAs(first);
    f.clock.advance(Duration.ofSeconds(5)); // the refresh times out
    assertThat(f.resolver.resolve("db.test")).isSameAs(first);
    f.clock.advance(Duration.ofSeconds(16)); // 101 s: expired, failing: stale
    ResolvedHost stale = f.resolver.resolve("db.test");
    assertThat(stale.isStale()).isTrue();
    assertThat(stale.addresses()).isEqualTo(first.addresses());
  }

  @Test
  void nxdomainOnRefreshIsAnAnswerNotAFailure() {
    f.dns.a("db.test", 10, "127.0.0.1");
    f.resolveNow("db.test");
    f.dns.rcode("db.test", "A", Rcode.NXDOMAIN).rcode("db.test", "AAAA", Rcode.NXDOMAIN);
    f.clock.advance(Duration.ofSeconds(11));
    assertThatThrownBy(() -> f.resolveNow("db.test"))
        .cause()
        .hasMessage("db.test: no address (A: NXDOMAIN, AAAA: NXDOMAIN)");
    assertThat(f.changes)
        .containsExactly("db.test: [] -> [127.0.0.1]", "db.test: [127.0.0.1] -> []");
  }
}
