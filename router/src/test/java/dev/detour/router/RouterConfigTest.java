package dev.detour.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.core.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

  @Test
  void defaultsMatchTheArchitecture() {
    RouterConfig c = RouterConfig.defaults();
    assertThat(c.connectBudget()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.attemptDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.minAttemptDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.maxAttemptDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.maxConcurrentAttempts()).isEqualTo(3);
    assertThat(c.minAttemptTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.maxAttemptTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.openDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.maxOpenDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.openJitter()).isEqualTo(0.2);
    assertThat(c.failuresToOpen()).isEqualTo(2);
    assertThat(c.panicThreshold()).isEqualTo(0.5);
    assertThat(c.probe()).isEqualTo(RouterConfig.ProbeMode.SSLREQUEST);
    assertThat(c.keepAliveIdle()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.keepAliveInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.keepAliveCount()).isEqualTo(3);
    assertThat(c.tcpNoDelay()).isTrue();
    assertThat(c.resolverProperties()).isEmpty();
  }

  @Test
  void propertiesSetEveryKnobAndPassResolverKeysThrough() {
    RouterConfig c =
        RouterConfig.fromProperties(
            Map.of(
                "detour.router.connectBudget", "5s",
                "detour.router.probe", "tcp",
                "detour.router.maxConcurrentAttempts", "4",
                "detour.router.panicThreshold", "0.25",
                "detour.router.tcpNoDelay", "false",
                "detour.resolver.order", "IPV4_ONLY",
                "detour.pool.maximumPoolSize", "10",
                "detour.listener.heartbeat", "10s",
                "user", "app"));
    assertThat(c.connectBudget()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.probe()).isEqualTo(RouterConfig.ProbeMode.TCP);
    assertThat(c.maxConcurrentAttempts()).isEqualTo(4);
    assertThat(c.panicThreshold()).isEqualTo(0.25);
    assertThat(c.tcpNoDelay()).isFalse();
    assertThat(c.resolverProperties())
        .containsExactly(Map.entry("detour.resolver.order", "IPV4_ONLY"));
  }

  @Test
  void equalSettingsMakeEqualConfigs() {
    RouterConfig a = RouterConfig.fromProperties(Map.of("detour.router.connectBudget", "10s"));
    RouterConfig b = RouterConfig.builder().connectBudget(Duration.ofSeconds(10)).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isEqualTo(RouterConfig.defaults());
    assertThat(a).isNotEqualTo(a.toBuilder().openDelay(Duration.ofSeconds(3)).build());
    assertThat(a)
        .isNotEqualTo(
            a.toBuilder()
                .resolverProperties(Map.of("detour.resolver.order", "IPV6_FIRST"))
                .build());
  }

  @Test
  void unknownRouterKeyIsRejectedWithASuggestion() {
    assertThatThrownBy(
            () -> RouterConfig.fromProperties(Map.of("detour.router.conectBudget", "10s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detour.router.conectBudget: unknown setting")
        .hasMessageContaining("did you mean detour.router.connectBudget?");
  }

  @Test
  void badResolverKeysAreRejectedByTheResolversRules() {
    assertThatThrownBy(() -> RouterConfig.fromProperties(Map.of("detour.resolver.minTTL", "5s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detour.resolver.minTTL: unknown setting")
        .hasMessageContaining("did you mean detour.resolver.minTtl?");
  }

  @Test
  void unknownModulePrefixIsRejected() {
    assertThatThrownBy(() -> RouterConfig.fromProperties(Map.of("detour.routr.probe", "tcp")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detour.routr.probe: unknown setting");
  }

  @Test
  void badValueNamesKeyValueAndExpectation() {
    assertThatThrownBy(
            () -> RouterConfig.fromProperties(Map.of("detour.router.connectBudget", "10x")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "detour.router.connectBudget: '10x' (expected a duration such as 250ms, 10s, 2m or"
                + " PT10S)");
    assertThatThrownBy(() -> RouterConfig.fromProperties(Map.of("detour.router.probe", "ping")))
        .hasMessage("detour.router.probe: 'ping' (expected one of TCP, SSLREQUEST, OFF)");
    assertThatThrownBy(
            () -> RouterConfig.fromProperties(Map.of("detour.router.maxConcurrentAttempts", "0")))
        .hasMessage(
            "detour.router.maxConcurrentAttempts: '0' (expected a whole number from 1 to 64)");
  }

  @Test
  void inconsistentBoundsNameBothKeys() {
    assertThatThrownBy(
            () ->
                RouterConfig.fromProperties(
                    Map.of(
                        "detour.router.minAttemptTimeout", "5s",
                        "detour.router.maxAttemptTimeout", "4s")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "detour.router.minAttemptTimeout: 5s, detour.router.maxAttemptTimeout: 4s (expected"
                + " minAttemptTimeout <= maxAttemptTimeout)");
    assertThatThrownBy(() -> RouterConfig.builder().openJitter(1.5).build())
        .hasMessage("detour.router.openJitter: 1.5 (expected 0 to 1)");
  }

  @Test
  void hasNoPublicConstructorSoThatANewKnobBreaksNoCaller() {
    assertThat(RouterConfig.class.isRecord()).isFalse();
    assertThat(RouterConfig.class.getConstructors()).isEmpty();
    RouterConfig a = RouterConfig.builder().connectBudget(java.time.Duration.ofSeconds(3)).build();
    RouterConfig b = a.toBuilder().build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(RouterConfig.defaults());
    assertThat(a.toString()).contains("connectBudget=PT3S").contains("tcpNoDelay=true");
  }
}
