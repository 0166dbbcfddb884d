package dev.detour.router.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PlanCacheTest {

  private static final String URL =
      "jdbc:detour:postgresql://db.neon.test/app?password=s3cret-in-url&detour.router.connectBudget=3s";

  @Test
  void settingsAreTheDetourAndManagedKeysOnlyNeverTheCredentials() {
    Properties info = new Properties();
    info.setProperty("user", "app");
    info.setProperty("password", "s3cret");
    info.setProperty("ApplicationName", "svc");
    info.setProperty("detour.router.probe", "tcp");
    info.setProperty("connectTimeout", "4");

    assertThat(DriverRequest.settings(info))
        .containsExactly(Map.entry("connectTimeout", "4"), Map.entry("detour.router.probe", "tcp"));
    assertThat(DriverRequest.settings(null)).isEmpty();
  }

  @Test
  void aKeptPlanIsTheOneMadeForTheSameUrlAndSettings() {
    PlanCache cache = new PlanCache();
    Map<String, String> settings = Map.of("detour.router.probe", "tcp");
    DriverRequest.Plan plan = DriverRequest.plan(DetourUrl.parse(URL), settings);

    assertThat(cache.get(URL, settings)).isNull();
    cache.put(URL, settings, plan);

    assertThat(cache.get(URL, Map.of("detour.router.probe", "tcp"))).isSameAs(plan);
    assertThat(cache.get(URL, Map.of())).isNull();
    assertThat(cache.get(URL.replace("3s", "4s"), settings)).isNull();
    assertThat(plan.config().connectBudget()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void thePlanOfTheSettingsAloneEqualsThePlanOfEveryProperty() {
    Properties info = new Properties();
    info.setProperty("user", "app");
    info.setProperty("password", "s3cret");
    info.setProperty("loginTimeout", "2");
    info.setProperty("connectTimeout", "30");
    info.setProperty("tcpKeepAlive", "FALSE");
    info.setProperty("sslmode", "require");
    info.setProperty("detour.router.probe", "tcp");
    info.setProperty("detour.resolver.negativeTtl", "7s");
    java.util.Map<String, String> every = new java.util.TreeMap<>();
    info.stringPropertyNames().forEach(k -> every.put(k, info.getProperty(k)));

    DriverRequest.Plan fromSettings =
        DriverRequest.plan(DetourUrl.parse(URL), DriverRequest.settings(info));
    DriverRequest.Plan fromEverything = DriverRequest.plan(DetourUrl.parse(URL), every);

    assertThat(fromSettings.config()).isEqualTo(fromEverything.config());
    assertThat(fromSettings.pgjdbcUrl()).isEqualTo(fromEverything.pgjdbcUrl());
    assertThat(fromSettings.loginTimeout()).isEqualTo(fromEverything.loginTimeout()).isEqualTo("2");
    assertThat(fromSettings.connectTimeout()).isEqualTo(fromEverything.connectTimeout());
    assertThat(fromSettings.keepAlive()).isEqualTo(fromEverything.keepAlive()).isEqualTo("false");
    assertThat(DriverRequest.of(fromSettings, info).properties())
        .isEqualTo(DriverRequest.of(fromEverything, info).properties());
  }

  @Test
  void theCacheIsBoundedAndAPlanNeverPrintsThePassword() {
    PlanCache cache = new PlanCache();
    DriverRequest.Plan plan = DriverRequest.plan(DetourUrl.parse(URL), Map.of());
    for (int i = 0; i <= PlanCache.MAX_ENTRIES + 10; i++) {
      cache.put(URL + "&ApplicationName=a" + i, Map.of(), plan);
    }

    assertThat(cache.size()).isBetween(1, PlanCache.MAX_ENTRIES);
    assertThat(plan.toString()).doesNotContain("s3cret");
  }
}
