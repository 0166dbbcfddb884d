package dev.detour.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.resolver.ResolvedHost;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CloseTest {

  @Test
  void closeFailsTheLookupOfAHostEvictedWhileItWasInFlight() {
    try (Fixture f = new Fixture(b -> b.maxEntries(1))) {
      f.dns.silent("a.test", "A", true).silent("a.test", "AAAA", true);
      f.dns.silent("b.test", "A", true).silent("b.test", "AAAA", true);
      CompletableFuture<ResolvedHost> a = f.start("a.test");
      CompletableFuture<ResolvedHost> b = f.start("b.test"); // evicts a.test from the cache
      assertThat(f.resolver.cacheSize()).isEqualTo(1);

      f.resolver.close(); // the fake clock never moves: only close() can end these lookups

      assertThat(a).isCompletedExceptionally();
      assertThat(b).isCompletedExceptionally();
      assertThat(a.handle((r, e) -> e))
          .succeedsWithin(java.time.Duration.ZERO)
          .isInstanceOf(CompletionException.class)
          .extracting(Throwable::getCause)
          .isInstanceOf(IllegalStateException.class)
          .extracting(Throwable::getMessage)
          .isEqualTo("resolver closed while resolving a.test");
    }
  }

  @Test
  void closeFailsEveryLookupStillRunningAndLaterCallsFailAtOnce() {
    try (Fixture f = new Fixture()) {
      f.dns.silent("a.test", "A", true).silent("a.test", "AAAA", true);
      CompletableFuture<ResolvedHost> a = f.start("a.test");

      f.resolver.close();

      assertThat(a).isCompletedExceptionally();
      assertThat(f.start("c.test")).isCompletedExceptionally();
    }
  }
}
