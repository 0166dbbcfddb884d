package dev.detour.router;

/**
 * Builds a {@link Router}. Not thread-safe; {@link #build()} copies the settings.
 *
 * <p>(Skeleton: the router issue fills in the knobs.)
 */
public final class RouterBuilder {

  RouterBuilder() {}

  /** Uses every setting of {@code config}. */
  public RouterBuilder config(RouterConfig config) {
    return this;
  }

  /** Builds the router. */
  public Router build() {
    throw new UnsupportedOperationException("router not implemented yet");
  }
}
