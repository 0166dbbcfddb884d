package dev.detour.router.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DetourUrlTest {

  @Test
  void parsesHostPortDatabaseAndParameters() {
    DetourUrl url =
        DetourUrl.parse("jdbc:detour:postgresql://db.neon.test:6543/app?sslmode=require&x=a%20b");

    assertThat(url.host()).isEqualTo("db.neon.test");
    assertThat(url.port()).isEqualTo(6543);
    assertThat(url.path()).isEqualTo("/app");
    assertThat(url.params()).containsEntry("sslmode", "require").containsEntry("x", "a b");
    assertThat(url.pgjdbcUrl(Set.of()))
        .isEqualTo("jdbc:postgresql://db.neon.test:6543/app?sslmode=require&x=a%20b");
  }

  @Test
  void portDefaultsTo5432() {
    assertThat(DetourUrl.parse("jdbc:detour:postgresql://h/db").port()).isEqualTo(5432);
    assertThat(DetourUrl.parse("jdbc:detour:postgresql://h").port()).isEqualTo(5432);
  }

  @Test
  void bracketedIpv6LiteralIsAccepted() {
    DetourUrl url = DetourUrl.parse("jdbc:detour:postgresql://[::1]:5433/db");

    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.port()).isEqualTo(5433);
    assertThat(url.pgjdbcUrl(Set.of())).isEqualTo("jdbc:postgresql://[::1]:5433/db");
  }

  @Test
  void managedParametersLeaveTheUrl() {
    DetourUrl url =
        DetourUrl.parse(
            "jdbc:detour:postgresql://h/db?loginTimeout=99&user=u&tcpKeepAlive=false&flag");

    assertThat(url.pgjdbcUrl(Set.of("loginTimeout", "tcpKeepAlive")))
        .isEqualTo("jdbc:postgresql://h/db?user=u&flag");
    assertThat(url.params()).containsEntry("flag", "");
  }

  @Test
  void severalHostsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://a:5432,b:5432/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("several hosts ('a:5432,b:5432')")
        .hasMessageContaining("Give one host name");
  }

  @Test
  void emptyHostIsRejected() {
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql:///db"))
        .hasMessageContaining("the host is empty");
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://:5432/db"))
        .hasMessageContaining("the host is empty");
  }

  @Test
  void badPortsAreRejectedNamingThePort() {
    for (String port : new String[] {"0", "65536", "54x2", "", "999999"}) {
      assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://h:" + port + "/db"))
          .hasMessageContaining("port: '" + port + "' (expected a number from 1 to 65535)");
    }
  }

  @Test
  void otherSubProtocolsAreRejected() {
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgres://h/db"))
        .hasMessageContaining("expected jdbc:detour:postgresql://");
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:postgresql://h/db"))
        .hasMessageContaining("does not start with jdbc:detour:");
  }

  @Test
  void userInfoIsRejectedWithoutEchoingThePassword() {
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://bob:hunter2@h/db"))
        .hasMessageContaining("user info")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void passwordParameterNeverAppearsInMessagesOrToString() {
    String url = "jdbc:detour:postgresql://h:0/db?password=hunter2";
    assertThatThrownBy(() -> DetourUrl.parse(url)).hasMessageNotContaining("hunter2");
    assertThat(DetourUrl.parse("jdbc:detour:postgresql://h/db?password=hunter2").toString())
        .doesNotContain("hunter2")
        .contains("password=***");
  }

  @Test
  void bareIpv6AndOddCharactersAreRejected() {
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://::1:5432/db"))
        .hasMessageContaining("in brackets");
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://h%20x/db"))
        .hasMessageContaining("host: 'h%20x'");
  }

  @Test
  void badPercentEncodingNamesTheParameter() {
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://h/db?options=%zz"))
        .hasMessageContaining("parameter options");
  }
}
