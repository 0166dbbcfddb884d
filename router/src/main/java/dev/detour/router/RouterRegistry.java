package dev.detour.router;

import dev.detour.core.Scheduler;
import dev.detour.router.internal.HandshakeTimes;
import dev.detour.router.internal.HedgeableRouter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The process-wide table of shared {@link Router}s: one router per distinct {@link RouterConfig}.
 *
 * <p>The pool, the listener and every {@code jdbc:detour:} connection that use equal configs get
 * the same router, so they share what it learned about each address.
 *
 * <p><b>Lifetime.</b> A shared router lives until {@link #closeAll()} or JVM exit; its threads are
 * daemon threads, so they never keep the JVM alive. Shared routers are deliberately not
 * reference-counted: plain JDBC opens connections through {@code DriverManager} with no lifecycle
 * hook, so a count would fall to zero between two connects and throw away exactly the health
 * history the router exists to keep.
 *
 * <p>The router returned by {@link #shared(RouterConfig)} ignores {@link Router#close()}, so that
 * one user cannot close it under the others; call {@link #closeAll()} to stop every shared router
 * (for example on application shutdown or in tests). A later {@link #shared(RouterConfig)} builds a
 * fresh router.
 *
 * <p><b>Bounds.</b> The registry holds at most {@value #MAX_SHARED_ROUTERS} routers (one per
 * distinct configuration: configurations differ only in their {@code detour.*} settings, not in the
 * host, so a service needs a handful); asking for one more fails with an {@link
 * IllegalStateException} rather than starting threads without end. Each router forgets a host
 * nobody has connected to for an hour. A router closed by {@link #closeAll()} is never handed out
 * again, not even to a caller that asks for the same config object as the previous one.
 *
 * <p>Thread-safe.
 */
public final class RouterRegistry {

  /** The most shared routers (distinct configurations) open at once: {@value}. */
  public static final int MAX_SHARED_ROUTERS = 64;

  private static final Object LOCK = new Object();
  private static final Map<RouterConfig, SharedRouter> ROUTERS = new HashMap<>();
  private static final Function<RouterConfig, Router> DEFAULT_FACTORY = new DefaultFactory();
  private static Function<RouterConfig, Router> factory = DEFAULT_FACTORY;
  // the router most recently handed out; the driver passes the same config object per URL
  private static volatile SharedRouter last;

  private RouterRegistry() {}

  /**
   * Returns the router shared by every user of {@code config}, building it on first use.
   *
   * @param config the configuration
   * @return the router shared by every user of {@code config}, building it on first use
   * @throws NullPointerException if {@code config} is null
   * @throws IllegalStateException if {@value #MAX_SHARED_ROUTERS} routers of other configurations
   *     are open already
   */
  public static Router shared(RouterConfig config) {
    Objects.requireNonNull(config, "config");
    SharedRouter recent = last;
    if (recent != null && recent.config == config && !recent.closed) {
      return recent; // the same config object as last time: no hashing, no lock
    }
    synchronized (LOCK) {
      SharedRouter router = ROUTERS.get(config);
      if (router == null) {
        if (ROUTERS.size() >= MAX_SHARED_ROUTERS) {
          throw new IllegalStateException(
              "RouterRegistry: "
                  + ROUTERS.size()
                  + " shared routers open, one per distinct detour.* configuration (expected at"
                  + " most "
                  + MAX_SHARED_ROUTERS
                  + "; use the same detour.* settings everywhere, or call"
                  + " RouterRegistry.closeAll())");
        }
        router = new SharedRouter(config, factory.apply(config));
        ROUTERS.put(config, router);
      }
      last = router;
      return router;
    }
  }

  /**
   * Returns how many shared routers are open.
   *
   * @return how many shared routers are open
   */
  public static int size() {
    synchronized (LOCK) {
      return ROUTERS.size();
    }
  }

  /**
   * Closes every shared router and forgets it, ending its threads. Routers handed out earlier stop
   * working; later calls to {@link #shared(RouterConfig)} build new ones. Idempotent.
   */
  public static void closeAll() {
    List<SharedRouter> closing;
    synchronized (LOCK) {
      closing = new ArrayList<>(ROUTERS.values());
      closing.forEach(r -> r.closed = true); // before any close: shared() checks it after reading
      ROUTERS.clear();
      last = null;
    }
    RuntimeException first = null;
    for (SharedRouter router : closing) {
      try {
        router.delegate.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Replaces how routers are built (tests only): closes every shared router first. {@code null}
   * restores the default ({@code Router.builder().config(config).build()}).
   */
  static void useFactory(Function<RouterConfig, Router> newFactory) {
    closeAll();
    synchronized (LOCK) {
      factory = newFactory == null ? DEFAULT_FACTORY : newFactory;
    }
  }

  /** {@code Router.builder().config(config).build()}: a named class, not a lambda (cold JVM). */
  private static final class DefaultFactory implements Function<RouterConfig, Router> {
    @Override
    public Router apply(RouterConfig config) {
      return Router.builder().config(config).build();
    }
  }

  /** A view of a shared router whose {@link #close()} does nothing; see the class comment. */
  private static final class SharedRouter implements Router, HedgeableRouter {
    private final RouterConfig config;
    private final Router delegate;
    private volatile boolean closed; // set by closeAll() before the delegate is closed
    private final HandshakeTimes times = new HandshakeTimes(); // for a delegate without its own

    SharedRouter(RouterConfig config, Router delegate) {
      this.config = config;
      this.delegate = Objects.requireNonNull(delegate, "router factory returned null");
    }

    @Override
    public RoutedSocket connect(String host, int port) throws IOException {
      return delegate.connect(host, port);
    }

    @Override
    public RoutedSocket connect(String host, int port, Duration budget) throws IOException {
      return delegate.connect(host, port, budget);
    }

    @Override
    public void reportFailure(String host, int port, InetSocketAddress address, Throwable cause) {
      delegate.reportFailure(host, port, address, cause);
    }

    @Override
    public boolean suspect(String host, int port, InetSocketAddress address, String why) {
      return delegate.suspect(host, port, address, why);
    }

    @Override
    public List<AddressHealth> reset(String host, int port) throws IOException {
      return delegate.reset(host, port);
    }

    @Override
    public List<AddressHealth> health(String host, int port) {
      return delegate.health(host, port);
    }

    @Override
    public AutoCloseable addListener(RouterEventListener listener) {
      return delegate.addListener(listener);
    }

    @Override
    public RouterConfig config() {
      return delegate.config();
    }

    @Override
    public Scheduler hedgeScheduler() {
      return delegate instanceof HedgeableRouter h ? h.hedgeScheduler() : null;
    }

    @Override
    public HandshakeTimes handshakeTimes() {
      return delegate instanceof HedgeableRouter h ? h.handshakeTimes() : times;
    }

    @Override
    public void prefetch(String host, int port) {
      if (delegate instanceof HedgeableRouter h) {
        h.prefetch(host, port);
      }
    }

    @Override
    public RoutedSocket connect(
        String host, int port, Duration budget, Set<InetSocketAddress> avoid) throws IOException {
      Optional<HedgeableRouter> h = HedgeableRouter.of(delegate);
      return h.isPresent()
          ? h.get().connect(host, port, budget, avoid)
          : delegate.connect(host, port, budget);
    }

    /** Does nothing: a shared router is closed only by {@link RouterRegistry#closeAll()}. */
    @Override
    public void close() {}

    @Override
    public String toString() {
      return "shared " + delegate;
    }
  }
}
