package dev.detour.spring;

import static dev.detour.spring.DetourSettingsTest.configException;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.detour.core.ConfigException;
import dev.detour.pool.DetourDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When the starter makes the application's DataSource a {@link DetourDataSource}, and when it
 * leaves Boot's own auto-configuration alone. No database is needed: a pool fills in the background
 * and a database that is down does not fail its build (port 1 on loopback refuses at once).
 */
class DetourDataSourceAutoConfigurationTest {

  static final String DETOUR_URL = "jdbc:detour:postgresql://127.0.0.1:1/app";
  static final String PLAIN_URL = "jdbc:postgresql://127.0.0.1:1/app";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DetourAutoConfiguration.class,
                  DetourDataSourceAutoConfiguration.class,
                  DataSourceAutoConfiguration.class,
                  JdbcTemplateAutoConfiguration.class))
          .withPropertyValues(
              "spring.datasource.username=app", "spring.datasource.password=s3cret");

  @Test
  void detourUrlMakesTheDataSourceADetourDataSourceAndBootBacksOff() {
    runner
        .withPropertyValues("spring.datasource.url=" + DETOUR_URL)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx).hasSingleBean(DataSource.class);
              assertThat(ctx.getBean(DataSource.class)).isInstanceOf(DetourDataSource.class);
              assertThat(ctx).doesNotHaveBean(HikariDataSource.class);
              assertThat(ctx.getBean(JdbcTemplate.class).getDataSource())
                  .isSameAs(ctx.getBean(DetourDataSource.class));
              DetourDataSource ds = ctx.getBean(DetourDataSource.class);
              assertThat(ds.host()).isEqualTo("127.0.0.1");
              assertThat(ds.port()).isEqualTo(1);
            });
  }

  @Test
  void plainUrlLeavesBootsOwnHikariAlone() {
    runner
        .withPropertyValues("spring.datasource.url=" + PLAIN_URL)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx).doesNotHaveBean(DetourDataSource.class);
              assertThat(ctx.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
            });
  }

  @Test
  void poolEnabledTurnsAPlainUrlIntoADetourDataSource() {
    runner
        .withPropertyValues("spring.datasource.url=" + PLAIN_URL, "detour.pool.enabled=true")
        .run(ctx -> assertThat(ctx.getBean(DataSource.class)).isInstanceOf(DetourDataSource.class));
  }

  @Test
  void poolDisabledLeavesADetourUrlToBootsHikari() {
    runner
        .withPropertyValues(
            "spring.datasource.url=" + DETOUR_URL,
            "detour.pool.enabled=false",
            // Boot infers the driver from known URL prefixes only
            "spring.datasource.driver-class-name=dev.detour.router.jdbc.DetourDriver")
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(DetourDataSource.class);
              assertThat(ctx.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
            });
  }

  @Test
  void anApplicationsOwnDataSourceWins() {
    runner
        .withPropertyValues("spring.datasource.url=" + DETOUR_URL)
        .withUserConfiguration(OwnDataSource.class)
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(DetourDataSource.class);
              assertThat(ctx.getBean(DataSource.class)).isSameAs(OwnDataSource.INSTANCE);
            });
  }

  @Test
  void springHikariKnobsInAnySpellingReachHikari() {
    runner
        .withPropertyValues(
            "spring.datasource.url=" + DETOUR_URL,
            "spring.datasource.hikari.maximum-pool-size=7",
            "spring.datasource.hikari.minimumIdle=2",
            "spring.datasource.hikari.pool-name=relay",
            "spring.datasource.hikari.data-source-properties.ApplicationName=relay-api")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              HikariDataSource hikari =
                  ctx.getBean(DetourDataSource.class).unwrap(HikariDataSource.class);
              assertThat(hikari.getMaximumPoolSize()).isEqualTo(7);
              assertThat(hikari.getMinimumIdle()).isEqualTo(2);
              assertThat(hikari.getPoolName()).isEqualTo("relay");
            });
  }

  @Test
  void aHikariKnobThatADetourKeyAlsoSetsFailsStartNamingTheSpringKey() {
    runner
        .withPropertyValues(
            "spring.datasource.url=" + DETOUR_URL,
            "spring.datasource.hikari.maximum-pool-size=7",
            "detour.pool.maximum-pool-size=4")
        .run(
            ctx -> {
              ConfigException e = configException(ctx.getStartupFailure());
              assertThat(e.key()).isEqualTo("spring.datasource.hikari.maximum-pool-size");
              assertThat(e.getMessage())
                  .startsWith(
                      "spring.datasource.hikari.maximum-pool-size (passed to the pool as"
                          + " detour.pool.hikari.maximumPoolSize: '7' (expected");
            });
  }

  @Test
  void poolKeysThatSpringDatasourceCarriesAreRejectedWithTheSpringKey() {
    runner
        .withPropertyValues("spring.datasource.url=" + DETOUR_URL, "detour.pool.url=" + DETOUR_URL)
        .run(
            ctx ->
                assertThat(configException(ctx.getStartupFailure()).getMessage())
                    .isEqualTo(
                        "detour.pool.url: not used by the Spring Boot starter (expected"
                            + " spring.datasource.url)"));
  }

  @Test
  void badPoolValueFailsStartWithThePoolsMessage() {
    runner
        .withPropertyValues(
            "spring.datasource.url=" + DETOUR_URL, "detour.pool.acquire-timeout=fast")
        .run(
            ctx ->
                assertThat(configException(ctx.getStartupFailure()).getMessage())
                    .startsWith("detour.pool.acquireTimeout: 'fast' (expected"));
  }

  @Test
  void unknownHikariKeyFailsStartWithDidYouMean() {
    runner
        .withPropertyValues(
            "spring.datasource.url=" + DETOUR_URL, "spring.datasource.hikari.maximum-pool-sise=5")
        .run(
            ctx ->
                assertThat(configException(ctx.getStartupFailure()).getMessage())
                    .startsWith(
                        "spring.datasource.hikari.maximum-pool-sise: unknown setting (did you mean"
                            + " spring.datasource.hikari.maximum-pool-size?)"));
  }

  @Test
  void passwordNeverAppearsInTheDataSourcesToString() {
    runner
        .withPropertyValues("spring.datasource.url=" + DETOUR_URL)
        .run(
            ctx ->
                assertThat(ctx.getBean(DetourDataSource.class).toString())
                    .doesNotContain("s3cret"));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnDataSource {
    static final DataSource INSTANCE =
        new org.springframework.jdbc.datasource.SimpleDriverDataSource();

    @Bean
    DataSource dataSource() {
      return INSTANCE;
    }
  }
}
