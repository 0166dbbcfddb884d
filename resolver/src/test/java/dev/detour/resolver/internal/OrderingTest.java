package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.resolver.AddressOrder;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderingTest {

  private static final String V6 = "0:0:0:0:0:0:0:1";

  private static Fixture fixture(AddressOrder order) {
    Fixture f = new Fixture(b -> b.order(order));
    f.dns.a("db.test", 60, "127.0.0.3", "127.0.0.1", "127.0.0.2").aaaa("db.test", 60, "::1");
    return f;
  }

  @Test
  void ipv4FirstPutsIpv4InDnsOrderBeforeIpv6() {
    try (Fixture f = fixture(AddressOrder.IPV4_FIRST)) {
      assertThat(ips(f.resolveNow("db.test")))
          .containsExactly("127.0.0.3", "127.0.0.1", "127.0.0.2", V6);
    }
  }

  @Test
  void ipv6FirstPutsIpv6BeforeIpv4() {
    try (Fixture f = fixture(AddressOrder.IPV6_FIRST)) {
      assertThat(ips(f.resolveNow("db.test")))
          .containsExactly(V6, "127.0.0.3", "127.0.0.1", "127.0.0.2");
    }
  }

  @Test
  void ipv4OnlyNeverAsksForAaaa() {
    try (Fixture f = fixture(AddressOrder.IPV4_ONLY)) {
      assertThat(ips(f.resolveNow("db.test")))
          .containsExactly("127.0.0.3", "127.0.0.1", "127.0.0.2");
      assertThat(f.dns.count("db.test", "AAAA")).isZero();
    }
  }

  @Test
  void ipv6OnlyNeverAsksForA() {
    try (Fixture f = fixture(AddressOrder.IPV6_ONLY)) {
      assertThat(ips(f.resolveNow("db.test"))).containsExactly(V6);
      assertThat(f.dns.count("db.test", "A")).isZero();
    }
  }

  @Test
  void orderingIsAPureFunctionThatDropsADuplicateOfTheOtherFamily() throws Exception {
    InetAddress a1 = InetAddress.getByName("127.0.0.1");
    InetAddress a2 = InetAddress.getByName("127.0.0.2");
    InetAddress mapped = InetAddress.getByName("::ffff:127.0.0.1"); // the JDK maps it to IPv4
    InetAddress v6 = InetAddress.getByName("::1");
    assertThat(AddressOrdering.order(List.of(a2, a1), List.of(mapped, v6), AddressOrder.IPV4_FIRST))
        .containsExactly(a2, a1, v6);
    assertThat(AddressOrdering.order(List.of(a2, a1), List.of(v6), AddressOrder.IPV6_FIRST))
        .containsExactly(v6, a2, a1);
  }
}
