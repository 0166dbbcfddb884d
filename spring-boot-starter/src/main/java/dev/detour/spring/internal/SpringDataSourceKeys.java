package dev.detour.spring.internal;

import dev.detour.core.ConfigException;
import dev.detour.pool.DetourDataSource;
import dev.detour.pool.DetourDataSourceBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.core.env.Environment;

/**
 * Fills a {@link DetourDataSourceBuilder} from a Spring application's settings. Stateless.
 *
 * <ol>
 *   <li>{@code spring.datasource.url}, {@code username} and {@code password};
 *   <li>{@code spring.datasource.hikari.*}, in any relaxed spelling, mapped onto Hikari's property
 *       names ({@code maximum-pool-size} becomes {@code maximumPoolSize}), and {@code
 *       spring.datasource.hikari.data-source-properties.*} passed to pgjdbc as driver properties;
 *   <li>the {@code detour.*} keys, already checked by {@link DetourSettings}, which win over
 *       Hikari's equivalents because the pool reads them last.
 * </ol>
 */
public final class SpringDataSourceKeys {

  private static final String HIKARI = "spring.datasource.hikari";
  private static final String DRIVER_PROPERTIES = HIKARI + ".datasourceproperties.";

  private SpringDataSourceKeys() {}

  /**
   * Builds the application's pool: fills a builder with the application's URL, credentials, Hikari
   * knobs and Detour keys, lets {@code customizer} adjust it, and builds it. A pool error about a
   * key that came from {@code spring.datasource.hikari.*} names that key as the application wrote
   * it.
   *
   * @throws ConfigException if {@code spring.datasource.url} is missing, a {@code
   *     spring.datasource.hikari.*} key names no Hikari property (with a "did you mean"), or the
   *     pool rejects a key or a value
   */
  public static DetourDataSource build(
      Environment env, DetourSettings settings, Consumer<DetourDataSourceBuilder> customizer) {
    Map<String, String> writtenByPoolKey = new HashMap<>();
    DetourDataSourceBuilder b = builder(env, settings, writtenByPoolKey);
    customizer.accept(b);
    try {
      return b.build();
    } catch (ConfigException e) {
      String written = writtenByPoolKey.get(e.key());
      if (written == null) {
        throw e;
      }
      throw new ConfigException(
          written, written + " (passed to the pool as " + e.getMessage() + ")", e);
    }
  }

  private static DetourDataSourceBuilder builder(
      Environment env, DetourSettings settings, Map<String, String> writtenByPoolKey) {
    String url = env.getProperty("spring.datasource.url");
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          "spring.datasource.url",
          "spring.datasource.url: missing (expected jdbc:detour:postgresql://host[:port]/database"
              + " when detour.pool.enabled=true)");
    }
    DetourDataSourceBuilder b = DetourDataSource.builder().url(url.trim());
    String username = env.getProperty("spring.datasource.username");
    if (username != null) {
      b.username(username);
    }
    String password = env.getProperty("spring.datasource.password");
    if (password != null) {
      b.password(password);
    }
    for (EnvironmentKeys.Entry e : EnvironmentKeys.under(env, HIKARI)) {
      if (e.uniform().startsWith(DRIVER_PROPERTIES)) {
        String written = e.written();
        b.property(written.substring(written.lastIndexOf('.') + 1), e.value());
        continue;
      }
      String hikariName =
          HikariNames.canonical(e.uniform().substring(HIKARI.length() + 1), e.written());
      b.hikari(hikariName, e.value());
      writtenByPoolKey.put(DetourDataSource.HIKARI_PREFIX + hikariName, e.written());
    }
    settings
        .keys()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(DetourSettings.LISTENER_PREFIX)) {
                b.property(k, v);
              }
            });
    return b;
  }
}
