package dev.detour.router.internal;

import dev.detour.core.Scheduler;
import dev.detour.router.RoutedSocket;
import dev.detour.router.Router;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What the driver's handshake hedge needs from a router beyond {@link Router}: where to run its
 * timer and second connection, the handshake times it learns its delay from, and a connect that
 * tries given addresses last. Implemented by {@link DefaultRouter} and by the registry's shared
 * view of it. Thread-safe.
 */
public interface HedgeableRouter {

  /** Returns the scheduler whose timers and workers the hedge uses. */
  Scheduler hedgeScheduler();

  /** Returns the handshake times of this router's connections. */
  HandshakeTimes handshakeTimes();

  /**
   * Like {@link Router#connect(String, int, Duration)}, with the addresses in {@code avoid} tried
   * after every other candidate.
   *
   * @throws IOException as {@link Router#connect(String, int, Duration)}
   */
  RoutedSocket connect(String host, int port, Duration budget, Set<InetSocketAddress> avoid)
      throws IOException;

  /**
   * Starts resolving {@code host} in the background, so that a connect to it that follows finds the
   * answer cached, or joins the lookup under way. The driver calls it when it first sees a URL, so
   * that pgjdbc's own start-up overlaps the first DNS lookup (and its DNS library's class loading)
   * instead of preceding it. When the answer arrives, the addresses of {@code host:port} are taken
   * in as a connect would take them in (known to the router, never tried, nothing dialed or
   * probed), so that the connect that follows finds them ready. Never blocks, never throws; does
   * nothing by default.
   *
   * @param host the host name
   * @param port the port the connect that follows goes to
   */
  default void prefetch(String host, int port) {}

  /** Returns {@code router} as a hedgeable router, if it is one. */
  static Optional<HedgeableRouter> of(Router router) {
    return router instanceof HedgeableRouter h ? Optional.of(h) : Optional.empty();
  }
}
