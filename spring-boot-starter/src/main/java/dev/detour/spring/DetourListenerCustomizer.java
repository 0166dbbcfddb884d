package dev.detour.spring;

import dev.detour.listener.DetourListenerBuilder;

/**
 * Adjusts the {@link DetourListenerBuilder} of the application's listener after the starter has
 * filled it from {@code spring.datasource.*} and {@code detour.*}, just before {@code build()}.
 * Declare one or more as beans; they run in {@code @Order}.
 */
@FunctionalInterface
public interface DetourListenerCustomizer {

  /**
   * Adjusts the builder.
   *
   * @param builder the builder, already holding the application's settings
   */
  void customize(DetourListenerBuilder builder);
}
