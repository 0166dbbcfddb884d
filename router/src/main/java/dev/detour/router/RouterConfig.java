package dev.detour.router;

/**
 * The immutable settings of a {@link Router}; equal configs share a router in the {@link
 * RouterRegistry}.
 *
 * <p>(Skeleton: the router issue fills in the knobs.)
 */
public final class RouterConfig {
  private RouterConfig() {}
}
