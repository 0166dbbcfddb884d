package dev.detour.testkit.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.testkit.dns.RecordType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSetTest {

  private static final Duration TTL = Duration.ofSeconds(60);

  @Test
  void ipv4MappedAaaaIsSixteenBytes() {
    RecordSet set = RecordSet.of(RecordType.AAAA, TTL, List.of("::ffff:127.0.0.2", "::1"));

    assertThat(set.rdata().get(0))
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 2);
    assertThat(set.rdata().get(1)).hasSize(16).endsWith(1);
  }

  @Test
  void hostNameIsRejectedAsAddressWithoutBeingLookedUp() {
    assertThatThrownBy(() -> RecordSet.of(RecordType.A, TTL, List.of("127.0.0.2", "localhost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("values[1]: 'localhost' (expected: an IPv4 literal such as 127.0.0.2)");
    assertThatThrownBy(() -> RecordSet.of(RecordType.AAAA, TTL, List.of("localhost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("values[0]: 'localhost' (expected: an IPv6 literal");
  }

  @Test
  void ipv6WithZoneOrBracketsIsRejected() {
    assertThatThrownBy(() -> RecordSet.of(RecordType.AAAA, TTL, List.of("::1%lo")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'::1%lo'");
    assertThatThrownBy(() -> RecordSet.of(RecordType.AAAA, TTL, List.of("[::1]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'[::1]'");
  }

  @Test
  void ttlMustBeWholeNonNegativeSeconds() {
    assertThatThrownBy(() -> RecordSet.of(RecordType.A, Duration.ofMillis(1500), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl: 1.5s (expected: whole seconds, 0s <= ttl <= 2147483647s)");
    assertThatThrownBy(() -> RecordSet.of(RecordType.A, Duration.ofSeconds(-5), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ttl: -5s");
    assertThat(RecordSet.of(RecordType.A, Duration.ZERO, List.of()).ttlSeconds()).isZero();
  }

  @Test
  void cnameTargetIsNormalizedAndValidated() {
    assertThat(RecordSet.of(RecordType.CNAME, TTL, List.of("Target.Test.")).values())
        .containsExactly("target.test");
    assertThatThrownBy(() -> RecordSet.of(RecordType.CNAME, TTL, List.of("bad..test")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("values[0]: 'bad..test' has an invalid label ''");
  }

  @Test
  void rotatedMovesFirstValueLast() {
    RecordSet set = RecordSet.of(RecordType.A, TTL, List.of("127.0.0.2", "127.0.0.3"));

    RecordSet rotated = set.rotated();

    assertThat(rotated.values()).containsExactly("127.0.0.3", "127.0.0.2");
    assertThat(rotated.rdata().get(0)).containsExactly(127, 0, 0, 3);
  }
}
