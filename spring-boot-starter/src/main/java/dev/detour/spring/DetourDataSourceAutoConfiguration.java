package dev.detour.spring;

import dev.detour.pool.DetourDataSource;
import dev.detour.spring.internal.DetourSettings;
import dev.detour.spring.internal.OnDetourPoolCondition;
import dev.detour.spring.internal.SpringDataSourceKeys;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Makes the application's {@link DataSource} a {@link DetourDataSource} when {@code
 * spring.datasource.url} starts with {@code jdbc:detour:} or {@code detour.pool.enabled=true}.
 *
 * <p>It runs before Boot's DataSource auto-configuration, which then backs off (it only creates a
 * pool when there is no DataSource bean); {@code JdbcTemplate}, transactions, Flyway and the rest
 * use this one. A plain {@code jdbc:postgresql:} URL without {@code detour.pool.enabled} leaves
 * Boot's own HikariCP alone. The pool is built from {@code spring.datasource.url}, {@code
 * username}, {@code password}, {@code spring.datasource.hikari.*} and the {@code detour.*} keys;
 * then every {@link DetourDataSourceCustomizer} bean runs.
 */
@AutoConfiguration(
    after = DetourAutoConfiguration.class,
    beforeName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
    })
@ConditionalOnClass(DetourDataSource.class)
@Conditional(OnDetourPoolCondition.class)
public class DetourDataSourceAutoConfiguration {

  /** Created by Spring. */
  public DetourDataSourceAutoConfiguration() {}

  /**
   * The application's pool, closed with the context.
   *
   * @param environment the application's settings
   * @param settings the checked {@code detour.*} keys
   * @param customizers adjustments made just before {@code build()}
   * @return the started pool (it fills in the background)
   * @throws dev.detour.core.ConfigException for a bad or unknown key, with the pool's message
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(DataSource.class)
  public DetourDataSource dataSource(
      Environment environment,
      DetourSettings settings,
      ObjectProvider<DetourDataSourceCustomizer> customizers) {
    return SpringDataSourceKeys.build(
        environment,
        settings,
        builder -> customizers.orderedStream().forEach(c -> c.customize(builder)));
  }
}
