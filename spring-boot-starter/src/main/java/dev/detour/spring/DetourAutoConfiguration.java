package dev.detour.spring;

import dev.detour.spring.internal.DetourSettings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Binds {@link DetourProperties} and checks every {@code detour.*} key of the application at
 * start-up, with the modules' own rules, whether or not the pool or the listener is enabled: a
 * misspelled key fails the start with a "did you mean", never silently.
 */
@AutoConfiguration
@EnableConfigurationProperties(DetourProperties.class)
public class DetourAutoConfiguration {

  /** Created by Spring. */
  public DetourAutoConfiguration() {}

  /**
   * The checked {@code detour.*} keys, shared by the pool and the listener.
   *
   * @param environment the application's environment
   * @return the keys in Detour's spelling
   * @throws dev.detour.core.ConfigException for an unknown key or a bad value
   */
  @Bean
  @ConditionalOnMissingBean
  public DetourSettings detourSettings(Environment environment) {
    return DetourSettings.from(environment);
  }
}
