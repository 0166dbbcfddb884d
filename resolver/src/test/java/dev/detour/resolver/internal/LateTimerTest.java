package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.resolver.AddressSource;
import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.UnresolvableHostException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resolver's timer thread may fire late on a loaded machine: {@code resolve()} then stops
 * waiting before the lookup has turned its failure into stale data. The fake clock never moves
 * here, so the lookup's own total timer never fires at all.
 */
class LateTimerTest {

  private final Fixture f =
      new Fixture(
          b ->
              b.maxStale(Duration.ofHours(1))
                  .queryTimeout(Duration.ofMillis(50))
                  .totalTimeout(Duration.ofMillis(100)));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void resolveServesTheStaleAnswerWhenItStopsWaitingBeforeTheLookupTimesOut() throws Exception {
    f.dns.a("db.test", 10, "127.0.0.1");
    ResolvedHost fresh = f.resolveNow("db.test");
    f.dns.silent("db.test", "A", true).silent("db.test", "AAAA", true);
    f.clock.advance(Duration.ofSeconds(11)); // expired, well within maxStale

    ResolvedHost stale = f.resolver.resolve("db.test");

    assertThat(stale.source()).isEqualTo(AddressSource.STALE);
    assertThat(stale.isStale()).isTrue();
    assertThat(ips(stale)).containsExactly("127.0.0.1");
    assertThat(stale.generation()).isEqualTo(fresh.generation());
  }

  @Test
  void resolveStillReportsTheTimeoutWhenNoStaleAnswerIsHeld() {
    f.dns.silent("new.test", "A", true).silent("new.test", "AAAA", true);

    assertThatThrownBy(() -> f.resolver.resolve("new.test"))
        .isInstanceOf(UnresolvableHostException.class)
        .hasMessageContaining("new.test")
        .hasMessageContaining("timeout after 100ms");
  }

  @Test
  void resolvePastMaxStaleStillReportsTheTimeout() {
    f.dns.a("db.test", 10, "127.0.0.1");
    f.resolveNow("db.test");
    f.dns.silent("db.test", "A", true).silent("db.test", "AAAA", true);
    f.clock.advance(Duration.ofSeconds(10).plus(Duration.ofHours(1)).plusSeconds(1));

    assertThatThrownBy(() -> f.resolver.resolve("db.test"))
        .isInstanceOf(UnresolvableHostException.class)
        .hasMessageContaining("timeout after 100ms");
  }
}
