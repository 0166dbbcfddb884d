package dev.detour.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final List<String> KNOWN =
      List.of("connectBudget", "maxAttempts", "order", "tcpNoDelay");

  @Test
  void unknownKeyIsRejectedWithSuggestion() {
    Map<String, String> src = Map.of("detour.router.conectBudget", "10s");
    assertThatThrownBy(() -> Settings.of("detour.router.", src, KNOWN))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "detour.router.conectBudget: unknown setting (did you mean detour.router.connectBudget?)")
        .extracting(e -> ((ConfigException) e).key())
        .isEqualTo("detour.router.conectBudget");
  }

  @Test
  void keysOutsideThePrefixAreIgnored() {
    Settings s =
        Settings.of("detour.router.", Map.of("user", "x", "detour.resolver.foo", "y"), KNOWN);
    assertThat(s.names()).isEmpty();
  }

  @Test
  void malformedDurationNamesKeyValueAndExpectation() {
    Settings s = Settings.of("detour.router.", Map.of("detour.router.connectBudget", "10x"), KNOWN);
    assertThatThrownBy(
            () ->
                s.duration(
                    "connectBudget",
                    Duration.ofSeconds(10),
                    Duration.ofMillis(1),
                    Duration.ofMinutes(10)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "detour.router.connectBudget: '10x' (expected a duration such as 250ms, 10s, 2m or PT10S)");
  }

  @Test
  void outOfRangeValuesAreRejected() {
    Settings s =
        Settings.of(
            "detour.router.",
            Map.of("detour.router.connectBudget", "1h", "detour.router.maxAttempts", "0"),
            KNOWN);
    assertThatThrownBy(
            () ->
                s.duration(
                    "connectBudget",
                    Duration.ofSeconds(10),
                    Duration.ofMillis(100),
                    Duration.ofMinutes(10)))
        .hasMessage("detour.router.connectBudget: '1h' (expected a duration from 100ms to 10m)");
    assertThatThrownBy(() -> s.intValue("maxAttempts", 3, 1, 16))
        .hasMessage("detour.router.maxAttempts: '0' (expected a whole number from 1 to 16)");
  }

  @Test
  void typedValuesAndDefaults() {
    Settings s =
        Settings.of(
            "detour.router.",
            Map.of("detour.router.order", "minutes", "detour.router.tcpNoDelay", "FALSE"),
            KNOWN);
    assertThat(s.enumValue("order", TimeUnit.class, TimeUnit.SECONDS)).isEqualTo(TimeUnit.MINUTES);
    assertThat(s.bool("tcpNoDelay", true)).isFalse();
    assertThat(s.intValue("maxAttempts", 3, 1, 16)).isEqualTo(3);
    assertThatThrownBy(
            () ->
                Settings.of("detour.router.", Map.of("detour.router.order", "sideways"), KNOWN)
                    .enumValue("order", TimeUnit.class, TimeUnit.SECONDS))
        .hasMessageContaining("detour.router.order: 'sideways' (expected one of NANOSECONDS");
  }

  @Test
  void unknownModulePrefixIsRejected() {
    assertThatThrownBy(
            () ->
                Settings.checkModulePrefixes(
                    Map.of("detour.routr.connectBudget", "1s"),
                    List.of("detour.router.", "detour.resolver.")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "detour.routr.connectBudget: unknown setting (expected a key under detour.resolver., detour.router.)");
  }

  @Test
  void secretValuesAreNeverEchoed() {
    Settings s =
        Settings.of("detour.x.", Map.of("detour.x.password", "hunter2"), List.of("password"));
    assertThatThrownBy(() -> s.intValue("password", 0, 0, 1)).hasMessageNotContaining("hunter2");
    assertThat(s.toString()).doesNotContain("hunter2");
  }
}
