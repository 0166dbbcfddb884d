package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class SearchPathTest {

  private static List<String> names(List<Name> names) {
    return names.stream().map(n -> n.toString()).toList();
  }

  @Test
  void withoutSearchDomainsOnlyTheNameItselfIsTried() {
    assertThat(names(SearchPath.candidates("db", List.of(), 1))).containsExactly("db.");
  }

  @Test
  void nameWithFewerDotsThanNdotsTriesTheSearchDomainsFirst() {
    assertThat(names(SearchPath.candidates("db", List.of("svc.test", "test"), 1)))
        .containsExactly("db.svc.test.", "db.test.", "db.");
  }

  @Test
  void nameWithEnoughDotsIsTriedAsGivenFirst() {
    assertThat(names(SearchPath.candidates("db.prod", List.of("svc.test"), 1)))
        .containsExactly("db.prod.", "db.prod.svc.test.");
  }

  @Test
  void resolverUsesTheFirstCandidateWithAddresses() {
    try (Fixture f = new Fixture(b -> b.searchDomains(List.of("svc.test")))) {
      f.dns.a("db.svc.test", 60, "127.0.0.6");
      assertThat(ips(f.resolveNow("db"))).containsExactly("127.0.0.6");
      assertThat(f.resolveNow("db").host()).isEqualTo("db");
    }
  }

  @Test
  void failedSearchReportsTheNameAsGiven() {
    try (Fixture f = new Fixture(b -> b.searchDomains(List.of("svc.test")))) {
      f.dns.a("other.test", 60, "127.0.0.6"); // "db" itself: NXDOMAIN
      f.dns.rcode("db.svc.test", "A", org.xbill.DNS.Rcode.SERVFAIL);
      f.dns.rcode("db.svc.test", "AAAA", org.xbill.DNS.Rcode.SERVFAIL);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.resolveNow("db"))
          .cause()
          .hasMessage("db: no address (A: NXDOMAIN, AAAA: NXDOMAIN)");
    }
  }
}
