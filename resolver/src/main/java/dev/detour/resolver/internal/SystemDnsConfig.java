package dev.detour.resolver.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.config.AndroidResolverConfigProvider;
import org.xbill.DNS.config.FallbackPropertyResolverConfigProvider;
import org.xbill.DNS.config.InitializationException;
import org.xbill.DNS.config.JndiContextResolverConfigProvider;
import org.xbill.DNS.config.PropertyResolverConfigProvider;
import org.xbill.DNS.config.ResolvConfResolverConfigProvider;
import org.xbill.DNS.config.ResolverConfigProvider;
import org.xbill.DNS.config.SunJvmResolverConfigProvider;
import org.xbill.DNS.config.WindowsResolverConfigProvider;

/**
 * The system's DNS settings (servers, search domains, ndots), as dnsjava's {@link ResolverConfig}
 * finds them, read without {@link ResolverConfig} itself.
 *
 * <p>{@link ResolverConfig} asks its providers in a fixed order (dnsjava properties,
 * /etc/resolv.conf, Windows, Android, JNDI, the JVM's own configuration if enabled, fallback
 * properties) and stops only when it has both servers and a search path. On a host whose
 * resolv.conf has no {@code search} line (most containers) it therefore always starts JNDI's DNS
 * provider, which loads some fifty classes and reads resolv.conf once more, yet can only contribute
 * servers. {@link #read} walks the same providers in the same order with the same rules, but skips
 * a provider that can only contribute servers when the servers are already known or not wanted (the
 * resolver was given its own). The search domains and ndots are the same as {@link
 * ResolverConfig}'s; so are the servers whenever they are wanted.
 *
 * <p>When {@code dnsjava.configprovider.skipinit} is set, the application manages dnsjava's
 * providers itself ({@link ResolverConfig#setConfigProviders}); then {@link ResolverConfig} is
 * asked as before.
 *
 * @param servers the servers; never empty when they were wanted (127.0.0.1:53 when the system names
 *     none), empty when they were not
 * @param searchDomains the search domains, in normal form
 * @param ndots names with fewer dots are tried with the search domains first (0..15)
 */
public record SystemDnsConfig(
    List<InetSocketAddress> servers, List<String> searchDomains, int ndots) {

  private static final AtomicLong READS = new AtomicLong();

  /**
   * Reads the current system configuration, servers included.
   *
   * @return the configuration; its servers are never empty
   */
  public static SystemDnsConfig current() {
    return read(true);
  }

  /**
   * Reads the current system configuration.
   *
   * @param wantServers whether the servers are needed; without them, providers that can only name
   *     servers are not started
   * @return the configuration; its servers are empty unless wanted
   */
  public static SystemDnsConfig read(boolean wantServers) {
    READS.incrementAndGet();
    if (Boolean.getBoolean(ResolverConfig.CONFIGPROVIDER_SKIP_INIT)) {
      ResolverConfig rc = ResolverConfig.getCurrentConfig();
      return of(wantServers ? rc.servers() : List.of(), rc.searchPath(), rc.ndots(), wantServers);
    }
    return walk(defaultProviders(), p -> p instanceof LazyJndi, wantServers);
  }

  /**
   * Returns how many times this process read the system configuration: the seam that tests use to
   * check that a resolver given its own settings never reads it.
   *
   * @return the number of calls of {@link #read} (and {@link #current}) so far
   */
  public static long reads() {
    return READS.get();
  }

  /**
   * Asks {@code providers} in order, by {@link ResolverConfig}'s rules: the first provider with
   * servers gives the servers, the first with a search path gives the search path and ndots; stop
   * once both are known. A provider in {@code serversOnly} is skipped when the servers are known or
   * not wanted.
   */
  static SystemDnsConfig walk(
      List<ResolverConfigProvider> providers,
      Predicate<ResolverConfigProvider> serversOnly,
      boolean wantServers) {
    List<InetSocketAddress> servers = new ArrayList<>();
    List<Name> search = new ArrayList<>();
    int ndots = 1;
    for (ResolverConfigProvider provider : providers) {
      boolean serversDone = !wantServers || !servers.isEmpty();
      if (serversDone && !search.isEmpty()) {
        break;
      }
      if (serversDone && serversOnly.test(provider)) {
        continue;
      }
      if (!provider.isEnabled()) {
        continue;
      }
      try {
        provider.initialize();
      } catch (InitializationException e) {
        continue;
      }
      if (wantServers && servers.isEmpty()) {
        servers.addAll(provider.servers());
      }
      if (search.isEmpty() && !provider.searchPaths().isEmpty()) {
        search.addAll(provider.searchPaths());
        ndots = provider.ndots();
      }
    }
    return of(servers, search, ndots, wantServers);
  }

  /** The providers of {@link ResolverConfig}, in its order (dnsjava 3.6). */
  private static List<ResolverConfigProvider> defaultProviders() {
    return List.of(
        new PropertyResolverConfigProvider(),
        new ResolvConfResolverConfigProvider(),
        new WindowsResolverConfigProvider(),
        new AndroidResolverConfigProvider(),
        new LazyJndi(),
        new SunJvmResolverConfigProvider(),
        new FallbackPropertyResolverConfigProvider());
  }

  private static SystemDnsConfig of(
      List<InetSocketAddress> found, List<Name> searchPath, int ndots, boolean wantServers) {
    List<InetSocketAddress> servers = new ArrayList<>(found);
    if (wantServers && servers.isEmpty()) {
      servers.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
    }
    List<String> search = new ArrayList<>();
    for (Name name : searchPath) {
      String text = name.toString(true);
      if (!text.isEmpty()) {
        try {
          search.add(HostNames.normalize(text));
        } catch (IllegalArgumentException e) {
          // a search domain we cannot use; skip it
        }
      }
    }
    return new SystemDnsConfig(
        List.copyOf(servers), List.copyOf(search), Math.max(0, Math.min(15, ndots)));
  }

  /**
   * dnsjava's JNDI provider, built only when asked: its constructor already loads JNDI. It names
   * servers only (dnsjava 3.6 never gives it a search path; {@code SystemDnsConfigTest} checks).
   */
  private static final class LazyJndi implements ResolverConfigProvider {
    private ResolverConfigProvider jndi;

    private ResolverConfigProvider jndi() {
      if (jndi == null) {
        jndi = new JndiContextResolverConfigProvider();
      }
      return jndi;
    }

    @Override
    public void initialize() throws InitializationException {
      jndi().initialize();
    }

    @Override
    public List<InetSocketAddress> servers() {
      return jndi().servers();
    }

    @Override
    public List<Name> searchPaths() {
      return jndi().searchPaths();
    }

    @Override
    public int ndots() {
      return jndi().ndots();
    }

    @Override
    public boolean isEnabled() {
      return jndi().isEnabled();
    }
  }
}
