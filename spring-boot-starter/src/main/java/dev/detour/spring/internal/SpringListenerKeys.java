package dev.detour.spring.internal;

import dev.detour.core.ConfigException;
import dev.detour.listener.DetourListener;
import java.util.Properties;
import org.springframework.core.env.Environment;

/**
 * Builds the properties of the application's {@link DetourListener}: the URL and credentials of
 * {@code spring.datasource.*} (a {@code jdbc:postgresql:} URL gets the {@code jdbc:detour:} prefix,
 * since the listener always routes), the {@code detour.listener.*} knobs and the router's and
 * resolver's keys. Stateless.
 */
public final class SpringListenerKeys {

  private SpringListenerKeys() {}

  /**
   * Returns the listener's properties, in the form {@code DetourListener.fromProperties} reads.
   *
   * @throws ConfigException if {@code spring.datasource.url} is missing
   */
  public static Properties properties(Environment env, DetourSettings settings) {
    String url = env.getProperty("spring.datasource.url");
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          "spring.datasource.url",
          "spring.datasource.url: missing (expected jdbc:detour:postgresql://host[:port]/database"
              + " when detour.listener.enabled=true)");
    }
    url = url.trim();
    if (url.startsWith("jdbc:postgresql:")) {
      url = "jdbc:detour:" + url.substring("jdbc:".length());
    }
    Properties p = new Properties();
    p.setProperty("url", url);
    String username = env.getProperty("spring.datasource.username");
    if (username != null) {
      p.setProperty("user", username);
    }
    String password = env.getProperty("spring.datasource.password");
    if (password != null) {
      p.setProperty("password", password);
    }
    settings
        .keys()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(DetourSettings.POOL_PREFIX)) {
                p.setProperty(k, v);
              }
            });
    return p;
  }
}
