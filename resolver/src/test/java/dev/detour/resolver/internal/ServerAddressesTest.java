package dev.detour.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ServerAddressesTest {

  @Test
  void nullServerIsRejectedNamingTheInput() {
    assertThatThrownBy(() -> ServerAddresses.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("server: null (expected IP:port such as 127.0.0.1:53 or [::1]:53)");
  }

  @Test
  void loopbackServersParseWithAndWithoutPort() {
    assertThat(ServerAddresses.parse("127.0.0.1"))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 53));
    assertThat(ServerAddresses.parse("[::1]:5353")).isEqualTo(new InetSocketAddress("::1", 5353));
  }
}
