package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.resolver.ResolvedHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void concurrentMissesSendOneQueryPerRecordType() {
    f.dns.a("db.test", 60, "127.0.0.1").aaaa("db.test", 60, "::1");
    f.dns
        .delay("db.test", "A", Duration.ofMillis(20))
        .delay("db.test", "AAAA", Duration.ofMillis(20));
    List<CompletableFuture<ResolvedHost>> callers = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      callers.add(f.start(i % 2 == 0 ? "db.test" : "DB.TEST"));
    }
    f.clock.advance(Duration.ofMillis(20));
    assertThat(f.dns.count("db.test", "A")).isEqualTo(1);
    assertThat(f.dns.count("db.test", "AAAA")).isEqualTo(1);
    ResolvedHost first = callers.get(0).join();
    for (CompletableFuture<ResolvedHost> c : callers) {
      assertThat(c).isCompleted();
      assertThat(c.join()).isSameAs(first);
    }
    assertThat(ips(first)).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
  }

  @Test
  void concurrentMissesOfDifferentHostsDoNotShareALookup() {
    f.dns.a("one.test", 60, "127.0.0.1").a("two.test", 60, "127.0.0.2");
    CompletableFuture<ResolvedHost> one = f.start("one.test");
    CompletableFuture<ResolvedHost> two = f.start("two.test");
    f.clock.runUntilIdle();
    assertThat(ips(one.join())).containsExactly("127.0.0.1");
    assertThat(ips(two.join())).containsExactly("127.0.0.2");
  }
}
