package dev.detour.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostNamesTest {

  @Test
  void validNamesComeBackNormalized() {
    assertThat(HostNames.requireValid("EP-X.Neon.Test.")).isEqualTo("ep-x.neon.test");
    assertThat(HostNames.requireValid("a".repeat(63) + ".test")).startsWith("aaa");
  }

  @Test
  void ipLiteralsComeBackAsWritten() {
    assertThat(HostNames.requireValid("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(HostNames.requireValid("::1")).isEqualTo("::1");
  }

  @Test
  void namesTheResolverWouldRejectAreRejectedNamingTheHost() {
    assertThatThrownBy(() -> HostNames.requireValid("a..b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host: 'a..b' has an empty label at index 2");
    assertThatThrownBy(() -> HostNames.requireValid("a".repeat(64) + ".test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has a label of 64 bytes");
    assertThatThrownBy(() -> HostNames.requireValid(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host: null");
  }

  @Test
  void ipv6ZoneIdsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> HostNames.requireValid("fe80::1%eth0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "host: 'fe80::1%eth0' is not a valid IPv6 literal"
                + " (zone ids such as %eth0 are not supported)");
    assertThatThrownBy(() -> HostNames.requireValid("::1::2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a valid IPv6 literal");
  }
}
