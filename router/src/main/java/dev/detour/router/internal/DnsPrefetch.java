package dev.detour.router.internal;

import dev.detour.resolver.HostResolver;
import dev.detour.resolver.ResolvedHost;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's DNS prefetch ({@link HedgeableRouter#prefetch}), run on a router worker: the lookup,
 * which the connect that follows joins or reads from the cache, then its answer taken in as that
 * connect would take it in ({@link KnownHosts#connecting}, {@link DnsAnswers#connecting}: known,
 * never tried, nothing dialed or probed). The host's entry, its addresses and their breakers are
 * then built while pgjdbc starts up, not after the connect has waited for DNS. A failed lookup
 * leaves nothing behind: the connect resolves again and reports it. A named class, not lambdas: it
 * runs on a cold JVM's first connect.
 */
final class DnsPrefetch implements Runnable, BiConsumer<ResolvedHost, Throwable> {

  // the router's logger, as before the split: log settings keyed on it keep working
  private static final Logger LOG = LoggerFactory.getLogger(DefaultRouter.class);

  private final HostResolver resolver;
  private final KnownHosts hosts;
  private final DnsAnswers dns;
  private final BooleanSupplier closed;
  private final String host;
  private final int port;

  DnsPrefetch(
      HostResolver resolver,
      KnownHosts hosts,
      DnsAnswers dns,
      BooleanSupplier closed,
      String host,
      int port) {
    this.resolver = resolver;
    this.hosts = hosts;
    this.dns = dns;
    this.closed = closed;
    this.host = host;
    this.port = port;
  }

  @Override
  public void run() {
    try {
      // the name a connect resolves (lower case), so that the connect joins this lookup
      resolver.resolveAsync(ConnectArguments.host(host, port)).whenComplete(this);
    } catch (RuntimeException e) {
      LOG.debug("{}: DNS prefetch not started", host, e);
    }
  }

  /** The lookup's outcome. */
  @Override
  public void accept(ResolvedHost rh, Throwable e) {
    if (e != null || closed.getAsBoolean()) {
      return;
    }
    try {
      dns.connecting(hosts.connecting(ConnectArguments.host(host, port), port), rh.addresses());
    } catch (RuntimeException ex) {
      LOG.debug("{}: DNS prefetch answer not taken in", host, ex);
    }
  }
}
