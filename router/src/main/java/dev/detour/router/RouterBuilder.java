package dev.detour.router;

import dev.detour.core.Scheduler;
import dev.detour.resolver.HostResolver;
import dev.detour.router.internal.DefaultRouter;
import dev.detour.router.internal.ResolverFactory;
import dev.detour.router.internal.RouterEvents;
import dev.detour.router.internal.RouterRuntime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a {@link Router}. Not thread-safe; {@link #build()} copies the settings.
 *
 * <p>Defaults: {@link RouterConfig#defaults()}; a resolver built from the config's {@code
 * detour.resolver.*} settings (closed with the router); a scheduler of its own whose daemon threads
 * are named {@code detour-router-N-timer-1} and {@code detour-router-N-worker-M}, where N numbers
 * the routers of this process from 1 (closed with the router); the system wall clock (used only in
 * messages); an unseeded random source for jitter; no listeners.
 */
public final class RouterBuilder {

  private RouterConfig config = RouterConfig.defaults();
  private HostResolver resolver;
  private Scheduler scheduler;
  private Clock wallClock; // null: the system clock in the local zone, looked up when first used
  private Random random;
  private final List<RouterEventListener> listeners = new ArrayList<>();
  private static final AtomicInteger ROUTERS = new AtomicInteger();

  RouterBuilder() {}

  /**
   * Sets every knob at once (default {@link RouterConfig#defaults()}).
   *
   * @param config the configuration
   * @return this builder
   */
  public RouterBuilder config(RouterConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    return this;
  }

  /**
   * Uses {@code resolver} instead of building one from the config. A given resolver is shared, not
   * owned: the router does not close it.
   *
   * @param resolver the resolver to use
   * @return this builder
   */
  public RouterBuilder resolver(HostResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    return this;
  }

  /**
   * Uses {@code scheduler} for timers, connects and probes instead of the router's own; a given
   * scheduler is not closed by the router. Tests pass a virtual-time scheduler here.
   *
   * @param scheduler the time and thread seam to use
   * @return this builder
   */
  public RouterBuilder scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /**
   * Sets the wall clock used to print times in messages (default: system clock, local zone).
   *
   * @param wallClock the wall clock
   * @return this builder
   */
  public RouterBuilder wallClock(Clock wallClock) {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    return this;
  }

  /**
   * Sets the random source of breaker jitter, e.g. a seeded one in tests.
   *
   * @param random the random source
   * @return this builder
   */
  public RouterBuilder random(Random random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /**
   * Adds an event listener (more can be added later with {@link Router#addListener}).
   *
   * @param listener the listener
   * @return this builder
   */
  public RouterBuilder listener(RouterEventListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Builds the router.
   *
   * @return the router, which the caller owns and closes
   */
  public Router build() {
    RouterEvents events = new RouterEvents();
    for (RouterEventListener listener : listeners) {
      events.add(listener);
    }
    boolean ownsScheduler = scheduler == null;
    Scheduler s =
        ownsScheduler ? Scheduler.system("detour-router-" + ROUTERS.incrementAndGet()) : scheduler;
    boolean ownsResolver = resolver == null;
    HostResolver r;
    try {
      r = ownsResolver ? ResolverFactory.create(config.resolverProperties()) : resolver;
    } catch (RuntimeException e) {
      if (ownsScheduler) {
        s.close();
      }
      throw e;
    }
    RouterRuntime rt =
        new RouterRuntime(config, s, wallClock, random != null ? random : new Random(), events);
    return new DefaultRouter(rt, r, ownsResolver, ownsScheduler, null, null);
  }
}
