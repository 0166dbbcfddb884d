package dev.detour.router.internal;

import dev.detour.resolver.AddressChangeListener;
import dev.detour.resolver.HostResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings DNS answers into the router's hosts: the answer a connect resolved, a re-resolve after a
 * fast-fail (at most once per {@code openDelay} per host), and the resolver's change notifications.
 * A new address starts neutral and is learned in the background; an address DNS no longer lists is
 * retired and reported.
 *
 * <p>Thread-safe.
 */
final class DnsAnswers implements AddressChangeListener {

  // the router's logger, as before the split: log settings keyed on it keep working
  private static final Logger LOG = LoggerFactory.getLogger(DefaultRouter.class);

  private final RouterRuntime rt;
  private final HostResolver resolver;
  private final BackgroundLearning learning;
  private final KnownHosts hosts;
  private final BooleanSupplier closed;

  DnsAnswers(
      RouterRuntime rt,
      HostResolver resolver,
      BackgroundLearning learning,
      KnownHosts hosts,
      BooleanSupplier closed) {
    this.rt = rt;
    this.resolver = resolver;
    this.learning = learning;
    this.hosts = hosts;
    this.closed = closed;
  }

  /**
   * Merges the answer a connect resolved; its unknown addresses are learned once the race is under
   * way, not here.
   */
  void connecting(HostEntry entry, List<InetAddress> addresses) {
    merge(entry, addresses, false);
  }

  /** After a fast-fail: re-resolve (rate-limited) so that a new address set is tried at once. */
  void recover(HostEntry entry) {
    if (!entry.tryStartRecovery(rt.now(), rt.config().openDelay().toNanos())) {
      return;
    }
    try {
      resolver
          .resolveAsync(entry.host())
          .thenAccept(rh -> merge(entry, rh.addresses(), true))
          .exceptionally(
              e -> {
                LOG.debug("{}: re-resolve after fast-fail failed", entry.host(), e);
                return null;
              });
    } catch (RuntimeException e) {
      LOG.debug("{}: re-resolve after fast-fail failed", entry.host(), e);
    }
  }

  /** The resolver's listener: a host's address set changed. */
  @Override
  public void onChange(String host, List<InetAddress> previous, List<InetAddress> current) {
    if (closed.getAsBoolean() || current.isEmpty()) {
      return;
    }
    for (HostEntry entry : hosts.entries()) {
      if (entry.host().equalsIgnoreCase(host)) {
        merge(entry, current, true);
      }
    }
  }

  /** Merges a DNS answer; {@code learnNow}: probe its unknown addresses at once (a DNS change). */
  private void merge(HostEntry entry, List<InetAddress> addresses, boolean learnNow) {
    List<InetSocketAddress> removed = entry.merge(addresses);
    if (learnNow) {
      learning.learn(entry); // the addresses not known yet, in the background
    }
    if (!removed.isEmpty()) {
      LOG.info("{}:{}: DNS no longer lists {}", entry.host(), entry.port(), removed);
      rt.events().addressesRemoved(entry.host(), entry.port(), removed);
    }
  }
}
