/**
 * Spring Boot 4 auto-configuration for Detour: {@link dev.detour.spring.DetourProperties} binds
 * every {@code detour.*} key; {@link dev.detour.spring.DetourDataSourceAutoConfiguration} makes the
 * application's DataSource a {@code DetourDataSource}; {@link
 * dev.detour.spring.DetourListenerAutoConfiguration} and {@link dev.detour.spring.DetourListen}
 * bring the listener; {@link dev.detour.spring.DetourHealthIndicator} and {@link
 * dev.detour.spring.DetourEndpoint} are the Actuator side.
 */
package dev.detour.spring;
