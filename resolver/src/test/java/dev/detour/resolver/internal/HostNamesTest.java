package dev.detour.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostNamesTest {

  @Test
  void lowerCaseNameIsReturnedAsTheSameInstance() {
    String host = "ep-x.neon.test";
    assertThat(HostNames.normalize(host)).isSameAs(host);
  }

  @Test
  void upperCaseAndTrailingDotAreNormalized() {
    assertThat(HostNames.normalize("EP-X.Neon.Test.")).isEqualTo("ep-x.neon.test");
  }

  @Test
  void nullHostIsRejectedNamingTheInput() {
    assertThatThrownBy(() -> HostNames.normalize(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host: null (expected a host name or an IP literal)");
  }

  @Test
  void emptyHostIsRejected() {
    assertThatThrownBy(() -> HostNames.normalize(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host: '' is empty");
    assertThatThrownBy(() -> HostNames.normalize("."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void labelOver63BytesIsRejected() {
    String label = "a".repeat(64);
    assertThatThrownBy(() -> HostNames.normalize(label + ".test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has a label of 64 bytes at index 0 (expected at most 63)")
        .hasMessageContaining(label);
    assertThat(HostNames.normalize("a".repeat(63) + ".test")).startsWith("aaa");
  }

  @Test
  void nameOver253BytesIsRejected() {
    String name = ("a".repeat(62) + ".").repeat(4) + "ab"; // 254 bytes
    assertThat(name).hasSize(254);
    assertThatThrownBy(() -> HostNames.normalize(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is 254 bytes long (expected at most 253)");
    assertThat(HostNames.normalize(name.substring(1))).hasSize(253);
  }

  @Test
  void invalidCharacterIsRejectedWithItsPosition() {
    assertThatThrownBy(() -> HostNames.normalize("db host.test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "host: 'db host.test' has an invalid character ' ' at index 2"
                + " (expected letters, digits, '-', '_' and '.')");
  }

  @Test
  void emptyLabelIsRejected() {
    assertThatThrownBy(() -> HostNames.normalize("db..test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host: 'db..test' has an empty label at index 3");
  }

  @Test
  void oversizedHostIsEchoedTruncatedWithItsLength() {
    String name = "a".repeat(5000) + "zz";

    assertThatThrownBy(() -> HostNames.normalize(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("host: '" + "a".repeat(80) + "...' (5002 chars)")
        .hasMessageContaining("is 5002 bytes long (expected at most 253)")
        .message()
        .doesNotContain("zz")
        .hasSizeLessThan(200);
  }
}
