package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.UnresolvableHostException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ResolutionDelayAndTimeoutTest {

  @Test
  void slowAaaaHoldsTheAnswerBackByTheResolutionDelayOnly() {
    try (Fixture f = new Fixture()) {
      f.dns.a("db.test", 60, "127.0.0.1").aaaa("db.test", 60, "::1");
      f.dns.delay("db.test", "A", Duration.ofMillis(10));
      f.dns.delay("db.test", "AAAA", Duration.ofMillis(900));
      CompletableFuture<ResolvedHost> answer = f.start("db.test");
      f.clock.advance(Duration.ofMillis(59));
      assertThat(answer).isNotDone();
      f.clock.advance(Duration.ofMillis(1)); // 10 ms + 50 ms
      assertThat(answer).isCompleted();
      assertThat(ips(answer.join())).containsExactly("127.0.0.1");
      long generation = answer.join().generation();

      f.clock.advance(Duration.ofMillis(900)); // the late AAAA answer is merged into the cache
      ResolvedHost merged = f.resolveNow("db.test");
      assertThat(ips(merged)).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
      assertThat(merged.generation()).isEqualTo(generation + 1);
      assertThat(f.changes)
          .containsExactly(
              "db.test: [] -> [127.0.0.1]", "db.test: [127.0.0.1] -> [127.0.0.1, 0:0:0:0:0:0:0:1]");
    }
  }

  @Test
  void aaaaThatNeverAnswersDoesNotHoldBackTheAAnswer() {
    try (Fixture f = new Fixture()) {
      f.dns.a("db.test", 60, "127.0.0.1").silent("db.test", "AAAA", true);
      CompletableFuture<ResolvedHost> answer = f.start("db.test");
      f.clock.advance(Duration.ofMillis(50));
      assertThat(answer).isCompleted();
      assertThat(ips(answer.join())).containsExactly("127.0.0.1");
    }
  }

  @Test
  void bothFamiliesArriveWithinTheDelayAndAreReturnedTogether() {
    try (Fixture f = new Fixture()) {
      f.dns.a("db.test", 60, "127.0.0.1").aaaa("db.test", 60, "::1");
      f.dns.delay("db.test", "A", Duration.ofMillis(10));
      f.dns.delay("db.test", "AAAA", Duration.ofMillis(40));
      CompletableFuture<ResolvedHost> answer = f.start("db.test");
      f.clock.advance(Duration.ofMillis(40));
      assertThat(answer).isCompleted();
      assertThat(answer.join().addresses()).hasSize(2);
    }
  }

  @Test
  void silentServerFailsAfterTheQueryTimeoutNamingIt() {
    try (Fixture f = new Fixture()) {
      f.dns.silent("db.test", "A", true).silent("db.test", "AAAA", true);
      CompletableFuture<ResolvedHost> answer = f.start("db.test");
      f.clock.advance(Duration.ofMillis(1499));
      assertThat(answer).isNotDone();
      f.clock.advance(Duration.ofMillis(1));
      assertThat(answer).isCompletedExceptionally();
      assertThatThrownBy(answer::join)
          .cause()
          .isInstanceOf(UnresolvableHostException.class)
          .hasMessage("db.test: no address (A: timeout after 1.5s, AAAA: timeout after 1.5s)");
    }
  }

  @Test
  void manySilentServersAreBoundedByTheTotalTimeout() {
    List<InetSocketAddress> servers =
        List.of(
            new InetSocketAddress("127.0.0.1", 53),
            new InetSocketAddress("127.0.0.2", 53),
            new InetSocketAddress("127.0.0.3", 53),
            new InetSocketAddress("127.0.0.4", 53));
    try (Fixture f = new Fixture(b -> b.servers(servers))) {
      f.dns.silent("db.test", "A", true).silent("db.test", "AAAA", true);
      CompletableFuture<ResolvedHost> answer = f.start("db.test");
      f.clock.advance(Duration.ofMillis(3999));
      assertThat(answer).isNotDone();
      assertThat(f.dns.count("db.test", "A")).isEqualTo(3);
      f.clock.advance(Duration.ofMillis(1));
      assertThat(answer).isCompletedExceptionally();
      assertThat(f.dns.count("db.test", "A")).isEqualTo(3);
    }
  }

  @Test
  void servfailMovesOnToTheNextServer() {
    List<InetSocketAddress> servers =
        List.of(new InetSocketAddress("127.0.0.1", 53), new InetSocketAddress("127.0.0.2", 53));
    try (Fixture f = new Fixture(b -> b.servers(servers))) {
      f.dns.rcode("db.test", "A", org.xbill.DNS.Rcode.SERVFAIL);
      f.dns.aaaa("db.test", 60);
      CompletableFuture<ResolvedHost> answer = f.start("db.test");
      f.clock.runUntilIdle();
      assertThat(f.dns.log())
          .filteredOn(q -> q.type().equals("A"))
          .extracting(q -> q.server().getAddress().getHostAddress())
          .containsExactly("127.0.0.1", "127.0.0.2");
      assertThatThrownBy(answer::join)
          .cause()
          .hasMessage(
              "db.test: no address (A: 127.0.0.1:53 SERVFAIL, 127.0.0.2:53 SERVFAIL,"
                  + " AAAA: no records)");
    }
  }
}
