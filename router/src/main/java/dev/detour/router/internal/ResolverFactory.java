package dev.detour.router.internal;

import dev.detour.resolver.HostResolver;
import java.util.Map;

/**
 * The one place where the router builds its own {@link HostResolver} from {@code detour.resolver.*}
 * settings. Kept apart so that the coupling to the resolver's builder is one line.
 */
public final class ResolverFactory {

  private ResolverFactory() {}

  /**
   * Builds a resolver from {@code detour.resolver.*} keys.
   *
   * @param resolverProperties keys under {@code detour.resolver.}
   */
  public static HostResolver create(Map<String, String> resolverProperties) {
    // The resolver's builder gains fromProperties(Map) in the resolver issue; wire it here:
    //   return HostResolver.builder().fromProperties(resolverProperties).build();
    return HostResolver.builder().build();
  }
}
