package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.resolver.ResolvedHost;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChangeNotificationTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void firstFillIsReportedWithAnEmptyPreviousSet() {
    f.dns.a("db.test", 60, "127.0.0.1", "127.0.0.2");
    f.resolveNow("db.test");
    assertThat(f.changes).containsExactly("db.test: [] -> [127.0.0.1, 127.0.0.2]");
  }

  @Test
  void rotationOfTheSameSetKeepsTheGenerationAndIsNotReported() {
    f.dns.a("db.test", 10, "127.0.0.1", "127.0.0.2");
    ResolvedHost first = f.resolveNow("db.test");
    f.dns.a("db.test", 10, "127.0.0.2", "127.0.0.1");
    f.clock.advance(Duration.ofSeconds(11));
    ResolvedHost rotated = f.resolveNow("db.test");
    assertThat(ips(rotated)).containsExactly("127.0.0.2", "127.0.0.1");
    assertThat(rotated.generation()).isEqualTo(first.generation());
    assertThat(f.changes).hasSize(1);
  }

  @Test
  void changedSetBumpsTheGenerationAndIsReportedWithOldAndNew() {
    f.dns.a("db.test", 10, "127.0.0.1", "127.0.0.2");
    ResolvedHost first = f.resolveNow("db.test");
    f.dns.a("db.test", 10, "127.0.0.2", "127.0.0.3");
    f.clock.advance(Duration.ofSeconds(11));
    ResolvedHost changed = f.resolveNow("db.test");
    assertThat(changed.generation()).isEqualTo(first.generation() + 1);
    assertThat(f.changes)
        .containsExactly(
            "db.test: [] -> [127.0.0.1, 127.0.0.2]",
            "db.test: [127.0.0.1, 127.0.0.2] -> [127.0.0.2, 127.0.0.3]");
  }

  @Test
  void closedListenerHandleStopsNotifications() throws Exception {
    java.util.List<String> seen = new java.util.ArrayList<>();
    AutoCloseable handle = f.resolver.addListener((host, before, after) -> seen.add(host));
    f.dns.a("db.test", 10, "127.0.0.1");
    f.resolveNow("db.test");
    handle.close();
    f.dns.a("db.test", 10, "127.0.0.2");
    f.clock.advance(Duration.ofSeconds(11));
    f.resolveNow("db.test");
    assertThat(seen).containsExactly("db.test");
    assertThat(f.changes).hasSize(2);
  }

  @Test
  void throwingListenerDoesNotBreakResolution() {
    f.resolver.addListener(
        (host, before, after) -> {
          throw new IllegalStateException("boom");
        });
    f.dns.a("db.test", 10, "127.0.0.1");
    assertThat(ips(f.resolveNow("db.test"))).containsExactly("127.0.0.1");
    assertThat(f.changes).hasSize(1);
  }

  @Test
  void aaaaFailureKeepsThePreviousIpv6Addresses() {
    f.dns.a("db.test", 10, "127.0.0.1").aaaa("db.test", 10, "::1");
    ResolvedHost first = f.resolveNow("db.test");
    f.dns.rcode("db.test", "AAAA", org.xbill.DNS.Rcode.SERVFAIL);
    f.clock.advance(Duration.ofSeconds(11));
    ResolvedHost second = f.resolveNow("db.test");
    assertThat(second.addresses()).isEqualTo(first.addresses());
    assertThat(second.generation()).isEqualTo(first.generation());
    assertThat(second.isStale()).isFalse();
  }
}
