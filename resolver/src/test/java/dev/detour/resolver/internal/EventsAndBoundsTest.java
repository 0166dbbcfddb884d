package dev.detour.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.resolver.LookupOutcome;
import dev.detour.resolver.QueryResult;
import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.ResolverEventListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class EventsAndBoundsTest {

  @Test
  void lookupsReportEveryOutcome() throws Exception {
    try (Fixture f = new Fixture()) {
      f.dns.a("db.test", 10, "127.0.0.1");
      f.resolveNow("db.test"); // MISS
      f.resolver.resolve("db.test"); // FRESH_HIT
      f.clock.advance(Duration.ofSeconds(8));
      f.resolver.resolve("db.test"); // FRESH_HIT, starts a refresh
      f.clock.runUntilIdle(); // REFRESH
      f.dns.rcode("db.test", "A", Rcode.SERVFAIL).rcode("db.test", "AAAA", Rcode.SERVFAIL);
      f.clock.advance(Duration.ofSeconds(11));
      f.resolveNow("db.test"); // STALE_HIT
      assertThatThrownBy(() -> f.resolveNow("gone.test")); // FAILURE
      assertThat(f.outcomes)
          .containsExactly(
              LookupOutcome.MISS,
              LookupOutcome.FRESH_HIT,
              LookupOutcome.FRESH_HIT,
              LookupOutcome.REFRESH,
              LookupOutcome.STALE_HIT,
              LookupOutcome.FAILURE);
      assertThat(f.queryResults)
          .contains(
              QueryResult.OK, QueryResult.NO_RECORDS, QueryResult.SERVFAIL, QueryResult.NXDOMAIN);
    }
  }

  @Test
  void cacheStaysWithinMaxEntriesAndKeepsRecentlyUsedHosts() throws Exception {
    try (Fixture f = new Fixture(b -> b.maxEntries(10))) {
      for (int i = 0; i < 10; i++) {
        f.dns.a("h" + i + ".test", 300, "127.0.0." + (i + 1));
        f.resolveNow("h" + i + ".test");
        f.clock.advance(Duration.ofSeconds(2));
      }
      f.resolver.resolve("h0.test"); // h0 is now the most recent
      f.clock.advance(Duration.ofSeconds(2));
      for (int i = 10; i < 30; i++) {
        f.dns.a("h" + i + ".test", 300, "127.0.1." + i);
        f.resolveNow("h" + i + ".test");
        assertThat(f.resolver.cacheSize()).isLessThanOrEqualTo(10);
      }
      assertThat(f.resolver.cacheSize()).isLessThanOrEqualTo(10);
      f.dns.clearLog();
      f.resolveNow("h29.test");
      assertThat(f.dns.log()).isEmpty();
      f.resolveNow("h1.test"); // evicted long ago
      assertThat(f.dns.count("h1.test", "A")).isEqualTo(1);
    }
  }

  @Test
  void cachedResolveAllocatesNothing() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Fixture f = new Fixture()) {
      f.dns.a("db.test", 300, "127.0.0.1");
      // the fixture's recording listener allocates; measure the resolver with the no-op one
      DefaultHostResolver resolver =
          new DefaultHostResolver(
              f.resolver.config(), f.clock, false, ResolverEventListener.NOOP, f.dns);
      CompletableFuture<ResolvedHost> fill = resolver.resolveAsync("db.test");
      f.clock.runUntilIdle();
      ResolvedHost first = fill.join();
      for (int i = 0; i < 20_000; i++) {
        resolver.resolve("db.test"); // warm up
      }
      long thread = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(thread);
      ResolvedHost last = null;
      for (int i = 0; i < 100_000; i++) {
        last = resolver.resolve("db.test");
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      assertThat(last).isSameAs(first);
      // a single allocation per call would be at least 1.6 MB
      assertThat(allocated).isLessThan(64 * 1024);
    }
  }
}
