package dev.detour.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import dev.detour.core.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolSettingsTest {

  private static final String URL = "jdbc:detour:postgresql://ep-x.neon.test:5433/app";

  private static Map<String, String> with(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("detour.pool.url", URL);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    PoolSettings s = PoolSettings.of(with());
    assertThat(s.host()).isEqualTo("ep-x.neon.test");
    assertThat(s.port()).isEqualTo(5433);
    assertThat(s.maximumPoolSize()).isEqualTo(10);
    assertThat(s.acquireTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.driverProperties().getProperty("socketTimeout")).isEqualTo("30");
    assertThat(s.poolName()).isEqualTo("detour-ep-x.neon.test");
    assertThat(s.stalledBorrowAbort()).isEqualTo(s.validationTimeout());
  }

  @Test
  void theStalledBorrowAbortFollowsTheValidationTimeoutAndZeroTurnsItOff() {
    assertThat(PoolSettings.of(with("detour.pool.stalledBorrowAbort", "0")).stalledBorrowAbort())
        .isZero();
    assertThat(PoolSettings.of(with("detour.pool.stalledBorrowAbort", "off")).stalledBorrowAbort())
        .isZero();
    assertThat(
            PoolSettings.of(with("detour.pool.stalledBorrowAbort", "750ms")).stalledBorrowAbort())
        .isEqualTo(Duration.ofMillis(750));
    // unset, it is the validation timeout, which follows a short acquire timeout down
    assertThat(PoolSettings.of(with("detour.pool.acquireTimeout", "1s")).stalledBorrowAbort())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(PoolSettings.of(with()).toString()).contains("stalledBorrowAbort=2s");
    assertThat(PoolSettings.of(with("detour.pool.stalledBorrowAbort", "0")).toString())
        .contains("stalledBorrowAbort=off");
  }

  @Test
  void everyKindOfKeyGoesWhereItBelongs() {
    PoolSettings s =
        PoolSettings.of(
            with(
                "detour.pool.username", "app",
                "detour.pool.password", "s3cret",
                "detour.pool.maximumPoolSize", "20",
                "detour.pool.acquireTimeout", "3s",
                "detour.pool.socketTimeout", "0",
                "detour.pool.hikari.maxLifetime", "600000",
                "detour.router.connectBudget", "4s",
                "sslmode", "disable"));
    assertThat(s.driverProperties())
        .containsEntry("user", "app")
        .containsEntry("password", "s3cret")
        .containsEntry("sslmode", "disable")
        .containsEntry("detour.router.connectBudget", "4s")
        .doesNotContainKey("socketTimeout")
        .doesNotContainKey("detour.pool.maximumPoolSize");
    assertThat(s.routerConfig().connectBudget()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.maximumPoolSize()).isEqualTo(20);
    assertThat(s.socketTimeout()).isZero();
    HikariConfig config = new HikariConfig();
    HikariKnobs.apply(s.hikari(), config);
    assertThat(config.getMaxLifetime()).isEqualTo(600_000);
    assertThat(s.toString()).doesNotContain("s3cret");
  }

  @Test
  void aPlainPostgresUrlIsRouted() {
    Map<String, String> m = with();
    m.put("detour.pool.url", "jdbc:postgresql://db.test/app");
    assertThat(PoolSettings.of(m).url()).isEqualTo("jdbc:detour:postgresql://db.test/app");
    assertThat(PoolSettings.of(m).port()).isEqualTo(5432);
  }

  @Test
  void thePasswordFileIsReadWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "from-file\n");
    PoolSettings s = PoolSettings.of(with("detour.pool.passwordFile", file.toString()));
    assertThat(s.driverProperties().getProperty("password")).isEqualTo("from-file");
  }

  private static void fails(Map<String, String> keys, String key, String... parts) {
    assertThatThrownBy(() -> PoolSettings.of(keys))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
        .message()
        .contains(parts);
  }

  @Test
  void eachBadSettingNamesTheKeyTheValueAndWhatWasExpected() {
    fails(
        with("detour.pool.maximumPoolSise", "10"),
        "detour.pool.maximumPoolSise",
        "unknown setting",
        "did you mean detour.pool.maximumPoolSize?");
    fails(
        with("detour.pool.maximumPoolSize", "0"),
        "detour.pool.maximumPoolSize",
        "'0'",
        "expected a whole number from 1 to 10000");
    fails(
        with("detour.pool.acquireTimeout", "5x"),
        "detour.pool.acquireTimeout",
        "'5x'",
        "expected a duration");
    fails(
        with("detour.pool.acquireTimeout", "100ms"),
        "detour.pool.acquireTimeout",
        "'100ms'",
        "from 250ms");
    fails(
        with("detour.pool.validationTimeout", "5s"),
        "detour.pool.validationTimeout",
        "validationTimeout < acquireTimeout");
    fails(
        with("detour.pool.socketTimeout", "1500ms"),
        "detour.pool.socketTimeout",
        "'1500ms'",
        "whole seconds");
    fails(
        with("detour.pool.stalledBorrowAbort", "50ms"),
        "detour.pool.stalledBorrowAbort",
        "'50ms'",
        "0 (off) or a duration from 100ms to 1d");
    fails(
        with("detour.pool.stalledBorrowAbort", "soon"),
        "detour.pool.stalledBorrowAbort",
        "'soon'",
        "expected a duration");
    fails(
        with("detour.pool.stalledBorrowAbort", "2d"),
        "detour.pool.stalledBorrowAbort",
        "'2d'",
        "0 (off) or a duration from 100ms to 1d");
    fails(
        with("detour.pool.hikari.maxLifeTime", "1"),
        "detour.pool.hikari.maxLifeTime",
        "did you mean detour.pool.hikari.maxLifetime?");
    fails(
        with("detour.pool.hikari.jdbcUrl", "jdbc:postgresql://x/y"),
        "detour.pool.hikari.jdbcUrl",
        "unknown setting");
    fails(
        with("detour.pool.hikari.idleTimeout", "10s"),
        "detour.pool.hikari.idleTimeout",
        "'10s'",
        "whole number of milliseconds");
    fails(
        with("detour.pool.maximumPoolSize", "5", "detour.pool.hikari.maximumPoolSize", "6"),
        "detour.pool.hikari.maximumPoolSize",
        "detour.pool.maximumPoolSize is set");
    fails(with("socketTimeout", "10"), "socketTimeout", "set detour.pool.socketTimeout");
    fails(
        with("detour.router.conectBudget", "1s"),
        "detour.router.conectBudget",
        "did you mean detour.router.connectBudget?");
    fails(
        with("detour.pool.password", "a", "detour.pool.passwordFile", "/nope"),
        "detour.pool.passwordFile",
        "both set");
    fails(
        with("detour.pool.passwordFile", "/no/such/file"),
        "detour.pool.passwordFile",
        "'/no/such/file'",
        "readable file");
    Map<String, String> noUrl = with();
    noUrl.remove("detour.pool.url");
    fails(noUrl, "detour.pool.url", "not set");
    fails(
        with("detour.pool.url", "jdbc:mysql://h/db"), "detour.pool.url", "expected a jdbc:detour");
  }

  @Test
  void aBadPasswordValueIsNeverEchoed() {
    assertThatThrownBy(
            () -> PoolSettings.of(with("detour.pool.url", "jdbc:mysql://u:hunter2@h/db")))
        .message()
        .doesNotContain("hunter2");
  }
}
