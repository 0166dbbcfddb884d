package dev.detour.spring;

import dev.detour.pool.DetourDataSourceBuilder;

/**
 * Adjusts the {@link DetourDataSourceBuilder} of the application's DataSource after the starter has
 * filled it from {@code spring.datasource.*} and {@code detour.*}, just before {@code build()}.
 * Declare one or more as beans; they run in {@code @Order}.
 */
@FunctionalInterface
public interface DetourDataSourceCustomizer {

  /**
   * Adjusts the builder.
   *
   * @param builder the builder, already holding the application's settings
   */
  void customize(DetourDataSourceBuilder builder);
}
