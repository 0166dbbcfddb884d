package dev.detour.router.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.core.ConfigException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverRequestTest {

  private static DriverRequest prepare(String url, Properties info) {
    return DriverRequest.prepare(DetourUrl.parse(url), info);
  }

  @Test
  void addsFactoryTimeoutsAndKeepAlive() {
    DriverRequest request = prepare("jdbc:detour:postgresql://h/db?sslmode=disable", null);

    Properties p = request.properties();
    assertThat(p.getProperty("socketFactory"))
        .isEqualTo("dev.detour.router.jdbc.RoutingSocketFactory");
    assertThat(p.getProperty("loginTimeout"))
        .as("the watchdog bounds the handshake; pgjdbc's loginTimeout would start a thread")
        .isNull();
    assertThat(p.getProperty("connectTimeout")).isEqualTo("10");
    assertThat(p.getProperty("tcpKeepAlive")).isEqualTo("true");
    assertThat(request.pgjdbcUrl()).isEqualTo("jdbc:postgresql://h/db?sslmode=disable");
  }

  @Test
  void budgetIsRoundedUpToWholeSeconds() {
    DriverRequest request =
        prepare("jdbc:detour:postgresql://h/db?detour.router.connectBudget=1500ms", null);

    assertThat(request.config().connectBudget()).isEqualTo(Duration.ofMillis(1500));
    assertThat(request.properties().getProperty("connectTimeout")).isEqualTo("2");
    assertThat(DriverRequest.ceilSeconds(Duration.ofMillis(100))).isEqualTo(1);
    assertThat(DriverRequest.ceilSeconds(Duration.ofSeconds(10))).isEqualTo(10);
  }

  @Test
  void smallerUserTimeoutsAreKeptAndLargerOnesCappedAtTheBudget() {
    DriverRequest smaller =
        prepare("jdbc:detour:postgresql://h/db?loginTimeout=3&connectTimeout=4", null);
    DriverRequest larger =
        prepare("jdbc:detour:postgresql://h/db?loginTimeout=60&connectTimeout=0", null);

    assertThat(smaller.properties().getProperty("loginTimeout")).isEqualTo("3");
    assertThat(smaller.properties().getProperty("connectTimeout")).isEqualTo("4");
    assertThat(larger.properties().getProperty("loginTimeout")).isNull();
    assertThat(larger.properties().getProperty("connectTimeout")).isEqualTo("10");
    assertThat(larger.pgjdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void explicitTcpKeepAliveIsHonoured() {
    Properties info = new Properties();
    info.setProperty("tcpKeepAlive", "FALSE");

    assertThat(
            prepare("jdbc:detour:postgresql://h/db", info).properties().getProperty("tcpKeepAlive"))
        .isEqualTo("false");
    assertThatThrownBy(() -> prepare("jdbc:detour:postgresql://h/db?tcpKeepAlive=yes", null))
        .hasMessageContaining("tcpKeepAlive: 'yes' (expected true or false)");
  }

  @Test
  void urlParametersWinOverPropertiesAsInPgjdbc() {
    Properties info = new Properties();
    info.setProperty("detour.router.connectBudget", "3s");

    DriverRequest request =
        prepare("jdbc:detour:postgresql://h/db?detour.router.connectBudget=5s", info);

    assertThat(request.config().connectBudget()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void detourKeysInPropertiesAreReadToo() {
    Properties info = new Properties();
    info.setProperty("detour.router.connectBudget", "3s");
    info.setProperty("user", "u");

    DriverRequest request = prepare("jdbc:detour:postgresql://h/db", info);

    assertThat(request.config().connectBudget()).isEqualTo(Duration.ofSeconds(3));
    assertThat(request.properties().getProperty("user")).isEqualTo("u");
  }

  @Test
  void unknownDetourKeyFailsWithDidYouMean() {
    assertThatThrownBy(
            () -> prepare("jdbc:detour:postgresql://h/db?detour.router.conectBudget=5s", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detour.router.conectBudget: unknown setting")
        .hasMessageContaining("did you mean detour.router.connectBudget?");
  }

  @Test
  void unknownOrBadResolverKeyFailsBeforeAnyConnect() {
    assertThatThrownBy(
            () ->
                prepare("jdbc:detour:postgresql://h/db?detour.resolver.srvers=127.0.0.1:53", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("did you mean detour.resolver.servers?");
    assertThatThrownBy(
            () -> prepare("jdbc:detour:postgresql://h/db?detour.resolver.servers=nowhere", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detour.resolver.servers");
  }

  @Test
  void unknownModulePrefixIsRejected() {
    assertThatThrownBy(() -> prepare("jdbc:detour:postgresql://h/db?detour.rooter.x=1", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detour.rooter.x");
  }

  @Test
  void badBudgetValueNamesKeyAndValue() {
    assertThatThrownBy(
            () -> prepare("jdbc:detour:postgresql://h/db?detour.router.connectBudget=10x", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detour.router.connectBudget: '10x'");
  }

  @Test
  void anotherSocketFactoryIsAConflict() {
    assertThatThrownBy(
            () -> prepare("jdbc:detour:postgresql://h/db?socketFactory=com.example.Other", null))
        .hasMessageContaining("socketFactory: 'com.example.Other'")
        .hasMessageContaining("Use a jdbc:postgresql: URL");
  }

  @Test
  void aTokenFromTheUserIsRejected() {
    assertThatThrownBy(() -> prepare("jdbc:detour:postgresql://h/db?detour.token=x", null))
        .hasMessageContaining("detour.token: set by the jdbc:detour: driver itself");
  }

  @Test
  void badLoginTimeoutIsNamed() {
    assertThatThrownBy(() -> prepare("jdbc:detour:postgresql://h/db?loginTimeout=soon", null))
        .hasMessageContaining("loginTimeout: 'soon'");
  }

  @Test
  void theTokenIsAddedToTheRequestsOwnCopyNeverToTheCallersProperties() {
    Properties info = new Properties();
    info.setProperty("user", "u");
    DriverRequest.Plan plan =
        DriverRequest.plan(
            DetourUrl.parse("jdbc:detour:postgresql://h/db"), DriverRequest.settings(info));

    DriverRequest withToken = DriverRequest.of(plan, info, "detour-7");
    DriverRequest without = DriverRequest.of(plan, info);

    assertThat(withToken.properties().getProperty("detour.token")).isEqualTo("detour-7");
    assertThat(withToken.properties().getProperty("user")).isEqualTo("u");
    assertThat(without.properties().getProperty("detour.token")).isNull();
    assertThat(info.stringPropertyNames()).containsExactly("user");
  }

  @Test
  void toStringHidesThePassword() {
    Properties info = new Properties();
    info.setProperty("password", "hunter2");

    assertThat(prepare("jdbc:detour:postgresql://h/db?password=hunter2", info).toString())
        .doesNotContain("hunter2");
  }
}
