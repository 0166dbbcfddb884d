package dev.detour.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Every {@code detour.*} setting of a Spring Boot application, bound with Spring's relaxed binding
 * ({@code detour.router.connect-budget}, {@code detour.router.connectBudget} and {@code
 * DETOUR_ROUTER_CONNECTBUDGET} are the same key) and listed in {@code
 * spring-configuration-metadata.json} for IDE completion.
 *
 * <p>The values are kept as written. The starter hands them to the modules, whose own rules check
 * them at start-up: a bad value fails with Detour's message (key, value, expected), and an unknown
 * {@code detour.*} key fails with a "did you mean" suggestion. Not thread-safe: Spring binds it
 * once at start-up.
 */
@ConfigurationProperties("detour")
public class DetourProperties {

  /** DNS resolution of the database host name. */
  @NestedConfigurationProperty
  private final DetourResolverProperties resolver = new DetourResolverProperties();

  /** Address choice, connection races and per-address ejection. */
  @NestedConfigurationProperty
  private final DetourRouterProperties router = new DetourRouterProperties();

  /** The pooled DataSource. */
  @NestedConfigurationProperty private final DetourPoolProperties pool = new DetourPoolProperties();

  /** The LISTEN/NOTIFY listener. */
  @NestedConfigurationProperty
  private final DetourListenerProperties listener = new DetourListenerProperties();

  /** Creates the holder with every default. */
  public DetourProperties() {}

  /**
   * Returns the {@code detour.resolver.*} settings.
   *
   * @return the resolver settings, never null
   */
  public DetourResolverProperties getResolver() {
    return resolver;
  }

  /**
   * Returns the {@code detour.router.*} settings.
   *
   * @return the router settings, never null
   */
  public DetourRouterProperties getRouter() {
    return router;
  }

  /**
   * Returns the {@code detour.pool.*} settings.
   *
   * @return the pool settings, never null
   */
  public DetourPoolProperties getPool() {
    return pool;
  }

  /**
   * Returns the {@code detour.listener.*} settings.
   *
   * @return the listener settings, never null
   */
  public DetourListenerProperties getListener() {
    return listener;
  }
}
