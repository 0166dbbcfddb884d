package dev.detour.resolver;

/**
 * Builds a {@link HostResolver}. Not thread-safe; {@link #build()} copies the settings, so the
 * built resolver never changes.
 *
 * <p>(Skeleton: the resolver issue fills in the knobs.)
 */
public final class HostResolverBuilder {

  HostResolverBuilder() {}

  /** Builds the resolver. */
  public HostResolver build() {
    throw new UnsupportedOperationException("resolver not implemented yet");
  }
}
