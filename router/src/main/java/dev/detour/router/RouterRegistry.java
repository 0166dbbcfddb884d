package dev.detour.router;

/**
 * Shares one {@link Router} per configuration across a process.
 *
 * <p>(Skeleton: the router issue fills this in.)
 */
public final class RouterRegistry {
  private RouterRegistry() {}
}
