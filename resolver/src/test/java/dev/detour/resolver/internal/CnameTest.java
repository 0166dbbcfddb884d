package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.resolver.ResolvedHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CnameTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private void cname(String name, String type, String target, long ttl, boolean withTarget) {
    ScriptedDns.Rule r = f.dns.rule(name, type);
    r.cname = target;
    r.ttl = ttl;
    r.cnameWithTarget = withTarget;
  }

  @Test
  void cnameChainInOneAnswerIsFollowedAndItsSmallestTtlWins() {
    f.dns.a("real.test", 120, "127.0.0.4");
    f.dns.aaaa("real.test", 120);
    cname("alias.test", "A", "real.test", 30, true);
    cname("alias.test", "AAAA", "real.test", 30, true);
    ResolvedHost host = f.resolveNow("alias.test");
    assertThat(host.host()).isEqualTo("alias.test");
    assertThat(ips(host)).containsExactly("127.0.0.4");
    assertThat(host.expiresAtNanos() - host.fetchedAtNanos()).isEqualTo(30_000_000_000L);
    assertThat(f.dns.count("real.test", "A")).isZero();
  }

  @Test
  void cnameWithoutItsTargetIsFollowedByQueryingTheTarget() {
    f.dns.a("real.test", 120, "127.0.0.4");
    f.dns.aaaa("real.test", 120);
    cname("alias.test", "A", "real.test", 30, false);
    cname("alias.test", "AAAA", "real.test", 30, false);
    assertThat(ips(f.resolveNow("alias.test"))).containsExactly("127.0.0.4");
    assertThat(f.dns.count("real.test", "A")).isEqualTo(1);
  }

  @Test
  void cnameLoopEndsAfterTheDepthLimit() {
    cname("a.test", "A", "b.test", 30, false);
    cname("b.test", "A", "a.test", 30, false);
    cname("a.test", "AAAA", "b.test", 30, false);
    cname("b.test", "AAAA", "a.test", 30, false);
    assertThatThrownBy(() -> f.resolveNow("a.test"))
        .cause()
        .hasMessage("a.test: no address (A: no records, AAAA: no records)");
    assertThat(f.dns.count("a.test", "A") + f.dns.count("b.test", "A"))
        .isLessThanOrEqualTo(AnswerParser.MAX_CNAME_DEPTH + 1);
  }
}
