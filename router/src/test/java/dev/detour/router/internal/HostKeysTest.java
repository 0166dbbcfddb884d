package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kept {@code host:port} key is reused only for the same host and port. */
class HostKeysTest {

  @Test
  void theKeptKeyFollowsEveryChangeOfHostOrPort() {
    KnownHosts.Keys keys = new KnownHosts.Keys();
    String first = keys.of("db.neon.test", 5432);
    assertThat(first).isEqualTo("db.neon.test:5432");
    assertThat(keys.of("db.neon.test", 5432)).as("same host and port: kept").isSameAs(first);
    assertThat(keys.of("db.neon.test", 6543)).as("port changed").isEqualTo("db.neon.test:6543");
    assertThat(keys.of("other.neon.test", 6543))
        .as("host changed")
        .isEqualTo("other.neon.test:6543");
    assertThat(keys.of(new String("other.neon.test"), 6543))
        .as("an equal host name, another string")
        .isEqualTo("other.neon.test:6543");
    assertThat(keys.of("db.neon.test", 5432)).as("back to the first").isEqualTo(first);
  }
}
