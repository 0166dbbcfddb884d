package dev.detour.router;

import java.util.function.Function;

/** Test access to how {@link RouterRegistry} builds routers. */
public final class TestRouters {

  private TestRouters() {}

  /** Makes the registry build routers with {@code factory}, closing every shared router first. */
  public static void use(Function<RouterConfig, Router> factory) {
    RouterRegistry.useFactory(factory);
  }

  /** Restores the default factory, closing every shared router first. */
  public static void reset() {
    RouterRegistry.useFactory(null);
  }
}
