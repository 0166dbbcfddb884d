package dev.detour.router.internal;

import dev.detour.resolver.HostResolver;
import dev.detour.resolver.HostResolverBuilder;
import java.util.Map;

/**
 * The one place where the router builds its own {@link HostResolver} from {@code detour.resolver.*}
 * settings. Kept apart so that the coupling to the resolver's builder is one line.
 */
public final class ResolverFactory {

  private ResolverFactory() {}

  /**
   * Validates {@code detour.resolver.*} keys without building anything.
   *
   * @throws dev.detour.core.ConfigException naming the key and the value
   */
  public static void validate(Map<String, String> resolverProperties) {
    HostResolverBuilder.fromProperties(resolverProperties);
  }

  /**
   * Builds a resolver from {@code detour.resolver.*} keys.
   *
   * @param resolverProperties keys under {@code detour.resolver.}
   */
  public static HostResolver create(Map<String, String> resolverProperties) {
    return HostResolverBuilder.fromProperties(resolverProperties).build();
  }
}
