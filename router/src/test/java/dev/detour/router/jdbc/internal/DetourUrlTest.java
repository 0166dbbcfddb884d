package dev.detour.router.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @Test
  void hostsTheResolverWouldRejectFailAtParseNamingTheHost() {
    String longLabel = "a".repeat(64);
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://a..b/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host: 'a..b' has an empty label");
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://" + longLabel + ".test/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host: '" + longLabel + ".test' has a label of 64 bytes");
    String longName = ("a".repeat(60) + ".").repeat(5) + "test";
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://" + longName + "/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes long (expected at most 253)");
  }

  @Test
  void bracketsHoldOnlyAnIpv6LiteralWithoutZoneId() {
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://[fe80::1%eth0]:5432/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host: 'fe80::1%eth0' is not a valid IPv6 literal");
    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://[db.test]:5432/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host: 'db.test' (expected an IPv6 literal inside brackets)");
  }

  @ParameterizedTest(name = "user info password {0}")
  @ValueSource(strings = {"zq;zz", "p@zz", "p/zz", "p%40zz", "p:zz", "p@q/zz", "zz"})
  void userInfoIsRejectedWithoutAnyFragmentOfThePassword(String password) {
    String url = "jdbc:detour:postgresql://alice:" + password + "@ep-x.neon.test:5432/db?x=1";

    assertThatThrownBy(() -> DetourUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user info in the URL is not supported")
        .hasMessageContaining("pass user and password as properties")
        .hasMessageNotContaining("zz");
  }

  @ParameterizedTest(name = "password parameter {0}")
  @ValueSource(
      strings = {
        "password=zq;zz",
        "password=p@zz",
        "password=p/zz",
        "password=p%40zz",
        "PASSWORD=zz",
        "sslpassword=zq;zz"
      })
  void passwordParametersNeverAppearInMessagesOrToString(String param) {
    DetourUrl url = DetourUrl.parse("jdbc:detour:postgresql://h/db?user=a&" + param + "&x=1");
    assertThat(url.toString()).doesNotContain("zz").contains("=***&x=1");

    assertThatThrownBy(() -> DetourUrl.parse("jdbc:detour:postgresql://h:0/db?" + param))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("zz");
  }
}
