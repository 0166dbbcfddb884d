package dev.detour.router.jdbc;

import dev.detour.core.Secrets;
import dev.detour.core.Ticker;
import dev.detour.resolver.internal.DnsWarmUp;
import dev.detour.router.RoutedSocket;
import dev.detour.router.Router;
import dev.detour.router.RouterRegistry;
import dev.detour.router.internal.HandshakeTimes;
import dev.detour.router.internal.HedgeableRouter;
import dev.detour.router.jdbc.internal.ConnectFailures;
import dev.detour.router.jdbc.internal.DetourUrl;
import dev.detour.router.jdbc.internal.DriverRequest;
import dev.detour.router.jdbc.internal.HandshakeHedge;
import dev.detour.router.jdbc.internal.PendingConnection;
import dev.detour.router.jdbc.internal.PendingConnections;
import dev.detour.router.jdbc.internal.PlanCache;
import dev.detour.router.jdbc.internal.PropertyDocs;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The {@code jdbc:detour:} JDBC driver: pgjdbc, with every physical connection routed to a healthy
 * address by the Detour router and bounded by its connect budget.
 *
 * <p>URL form: {@code jdbc:detour:postgresql://host[:port]/database[?key=value&...]}, with any
 * pgjdbc parameter plus {@code detour.router.*} and {@code detour.resolver.*} settings. The driver
 * rewrites it to {@code jdbc:postgresql:} and delegates to {@link org.postgresql.Driver}, adding
 * {@code socketFactory} ({@link RoutingSocketFactory}), {@code connectTimeout} (the budget in
 * seconds, rounded up), {@code tcpKeepAlive=true} and a connection token. It does not set pgjdbc's
 * {@code loginTimeout}: the router's watchdog bounds the whole handshake by closing the socket at
 * the budget, without pgjdbc's extra thread per connect.
 *
 * <p>Errors: an invalid URL (including a host the resolver would reject), property or {@code
 * detour.*} setting fails before any connect with SQLState {@code 22023}; no healthy address, an
 * unresolvable host or a connection not ready within the budget fail with SQLState {@code 08001};
 * errors from the server (such as a wrong password) are pgjdbc's, unchanged. An unchecked exception
 * that escapes pgjdbc becomes an {@link SQLException} naming {@code host:port}: {@code 22023} for
 * an {@link IllegalArgumentException}, {@code 08001} otherwise. No message contains a password.
 *
 * <p>Registered with {@link DriverManager} when the class loads and through {@code
 * META-INF/services/java.sql.Driver}. Thread-safe.
 */
public final class DetourDriver implements Driver {

  /** The major version of this driver. */
  public static final int MAJOR_VERSION = 0;

  /** The minor version of this driver. */
  public static final int MINOR_VERSION = 1;

  private static final Logger PARENT_LOGGER = Logger.getLogger("dev.detour.router.jdbc");

  /** Validated URL and settings pairs: a pool's repeated connects skip parsing and validation. */
  private static final PlanCache PLANS = new PlanCache();

  static {
    try {
      DriverManager.registerDriver(new DetourDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Driver pgjdbc;
  private final Ticker ticker;

  /** Creates a driver that delegates to pgjdbc. */
  public DetourDriver() {
    this(new org.postgresql.Driver(), Ticker.system());
  }

  DetourDriver(Driver pgjdbc, Ticker ticker) {
    this.pgjdbc = pgjdbc;
    this.ticker = ticker;
  }

  /**
   * Opens a routed connection, or returns {@code null} if {@code url} does not start with {@code
   * jdbc:detour:} (the JDBC contract).
   *
   * @throws SQLException 22023 for an invalid URL or setting, 08001 when no address is healthy or
   *     the budget runs out, or pgjdbc's exception for an error from the server
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    return connectRouted(url, info).connection();
  }

  /**
   * Opens a routed connection and reports the address it went to.
   *
   * <ol>
   *   <li>Parses the URL and validates every {@code detour.*} key (before any network access).
   *   <li>Registers a connection token and calls pgjdbc with the added properties.
   *   <li>When the handshake (TLS, startup, auth) is not ready within the hedge delay (about twice
   *       the p99 of the handshakes seen, clamped to [1 s, 4 s], 2 s with no history), opens a
   *       second connection to another address within what is left of the budget; the first one
   *       ready wins and the other is closed ({@code detour.router.handshakeHedge}, on by default).
   *       An address that stayed silent while the second connection got ready is charged a
   *       handshake stall.
   *   <li>On success, disarms the router's watchdog.
   *   <li>On failure, reports it to the router when the address is to blame (an I/O failure or the
   *       budget ran out), and throws a precise exception.
   * </ol>
   *
   * @param url a {@code jdbc:detour:} URL
   * @param info the connection properties, as for {@link java.sql.Driver#connect}
   * @return the connection and the address it went to
   * @throws SQLException as {@link #connect(String, Properties)}, and 22023 for a URL that does not
   *     start with {@code jdbc:detour:}
   */
  public RoutedConnection connectRouted(String url, Properties info) throws SQLException {
    return connectRouted(url, info, Set.of());
  }

  /**
   * Like {@link #connectRouted(String, Properties)}, but the router tries the addresses in {@code
   * tryLast} after every other candidate: a pool that spreads its connections over the addresses
   * passes the ones that already hold more than their share. They are still dialed, last, when no
   * other address connects; the connect's budget and every other rule are unchanged.
   *
   * @param url a {@code jdbc:detour:} URL
   * @param info the connection properties, as for {@link java.sql.Driver#connect}
   * @param tryLast addresses to try last (empty for none)
   * @return the connection and the address it went to
   * @throws SQLException as {@link #connectRouted(String, Properties)}
   * @throws NullPointerException if {@code tryLast} is null
   */
  public RoutedConnection connectRouted(String url, Properties info, Set<InetSocketAddress> tryLast)
      throws SQLException {
    Objects.requireNonNull(tryLast, "tryLast");
    DriverRequest.Plan plan = prepare(url, info);
    DetourUrl parsed = plan.url();
    PendingConnection pending = PendingConnections.open(plan.config(), Ticker.system(), tryLast);
    // pgjdbc's properties are built by the opener (one copy of the caller's per connection); the
    // failure paths below read the URL and the config from the plan, which they come from
    long start = ticker.nanoTime();
    try {
      HandshakeHedge.Opened opened = hedge(plan, info, pending).connect();
      Connection connection = opened.connection();
      PendingConnection winner = opened.pending();
      if (connection == null) {
        throw new SQLException(
            "pgjdbc did not accept " + Secrets.redactUrl(plan.pgjdbcUrl()),
            ConnectFailures.INVALID_PARAMETER);
      }
      Optional<RoutedSocket> routed = winner.ready();
      if (routed.isEmpty()) {
        closeQuietly(connection);
        throw new SQLException(
            parsed.host()
                + ":"
                + parsed.port()
                + ": pgjdbc connected without the Detour socket factory",
            ConnectFailures.UNABLE_TO_CONNECT);
      }
      RoutedSocket socket = routed.get();
      return new RoutedConnection(connection, parsed.host(), socket.address(), socket.attempts());
    } catch (SQLException e) {
      boolean expired = ticker.nanoTime() - start >= plan.config().connectBudget().toNanos();
      pending.failed(e, ConnectFailures.blamesAddress(e, expired));
      throw ConnectFailures.translate(
          e,
          parsed.host(),
          parsed.port(),
          plan.config().connectBudget(),
          expired,
          pending.current());
    } catch (RuntimeException e) {
      // pgjdbc lets unchecked exceptions through; a JDBC caller expects an SQLException.
      pending.failed(e, !(e instanceof IllegalArgumentException));
      throw ConnectFailures.unchecked(
          e,
          parsed.host(),
          parsed.port(),
          DriverRequest.of(plan, info, pending.token()).secretValues());
    } catch (Error e) {
      pending.failed(e, true);
      throw e;
    } finally {
      PendingConnections.close(pending);
    }
  }

  /**
   * Returns the shared router that {@link #connectRouted} uses for {@code url} and {@code info}, so
   * that a caller holding a routed connection (the listener, the pool) can report a failure of its
   * address with {@link Router#reportFailure}.
   *
   * @param url a {@code jdbc:detour:} URL
   * @param info the connection properties (may be null)
   * @return the router; closing it does nothing (see {@link RouterRegistry})
   * @throws SQLException 22023 for an invalid URL or setting, as {@link #connectRouted}
   */
  public static Router router(String url, Properties info) throws SQLException {
    return RouterRegistry.shared(prepare(url, info).config());
  }

  /**
   * Returns the handshake hedge of one connect: with the shared router's scheduler and handshake
   * times, or without a hedge for a router that is not Detour's own (a test double).
   */
  private HandshakeHedge hedge(
      DriverRequest.Plan plan, Properties info, PendingConnection primary) {
    // plain branches and a named opener, not Optional chains and lambdas: this runs on a cold
    // JVM's first connect, where each lambda is a class to spin before pgjdbc starts
    Router shared = RouterRegistry.shared(plan.config());
    HedgeableRouter router = shared instanceof HedgeableRouter h ? h : null;
    return new HandshakeHedge(
        plan.config(),
        ticker,
        router == null ? null : router.hedgeScheduler(),
        router == null ? new HandshakeTimes() : router.handshakeTimes(),
        new PgjdbcOpener(pgjdbc, plan, info),
        primary);
  }

  /** Opens one physical connection through pgjdbc with a pending connection's token. */
  private static final class PgjdbcOpener implements HandshakeHedge.Opener {
    private final Driver pgjdbc;
    private final DriverRequest.Plan plan;
    private final Properties info;

    PgjdbcOpener(Driver pgjdbc, DriverRequest.Plan plan, Properties info) {
      this.pgjdbc = pgjdbc;
      this.plan = plan;
      this.info = info;
    }

    @Override
    public Connection open(PendingConnection pending) throws SQLException {
      DriverRequest r = DriverRequest.of(plan, info, pending.token());
      return pgjdbc.connect(r.pgjdbcUrl(), r.properties());
    }
  }

  /** Returns {@code true} for any URL that starts with {@code jdbc:detour:}. */
  @Override
  public boolean acceptsURL(String url) {
    return DetourUrl.isDetourUrl(url);
  }

  /**
   * Describes the {@code detour.*} settings, then pgjdbc's own properties.
   *
   * @throws SQLException 22023 if the URL is not a valid {@code jdbc:detour:} URL
   */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    DetourUrl parsed = parseUrl(url);
    DriverPropertyInfo[] detour = PropertyDocs.describe(parsed, info);
    DriverPropertyInfo[] pg =
        pgjdbc.getPropertyInfo(
            parsed.pgjdbcUrl(DriverRequest.MANAGED_KEYS), info == null ? new Properties() : info);
    DriverPropertyInfo[] all = new DriverPropertyInfo[detour.length + pg.length];
    System.arraycopy(detour, 0, all, 0, detour.length);
    System.arraycopy(pg, 0, all, detour.length, pg.length);
    return all;
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  /** Returns {@code false}: this driver is pgjdbc, which is not JDBC compliant either. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return PARENT_LOGGER;
  }

  @Override
  public String toString() {
    return "DetourDriver " + MAJOR_VERSION + "." + MINOR_VERSION;
  }

  private static DriverRequest.Plan prepare(String url, Properties info) throws SQLException {
    Map<String, String> settings = DriverRequest.settings(info);
    DriverRequest.Plan plan = PLANS.get(url, settings);
    if (plan == null) {
      DetourUrl parsed = parseUrl(url);
      // a URL's first connect: dnsjava's codec loads on a thread of its own while this thread
      // builds the router and pgjdbc starts up (once per process; nothing for an IP literal)
      DnsWarmUp.start(parsed.host());
      try {
        plan = DriverRequest.plan(parsed, settings);
        // Building (or finding) the shared router also validates the detour.resolver.* keys,
        // so that a bad one fails here, before any connect, and not inside pgjdbc.
        Router router = RouterRegistry.shared(plan.config());
        // a URL's first connect: its DNS lookup runs while pgjdbc starts up (a cold JVM's first
        // connect would otherwise wait for both, one after the other)
        if (router instanceof HedgeableRouter h) {
          h.prefetch(parsed.host(), parsed.port());
        }
      } catch (IllegalArgumentException e) { // ConfigException included
        throw new SQLException(
            e.getMessage() + " in " + parsed, ConnectFailures.INVALID_PARAMETER, e);
      }
      PLANS.put(url, settings, plan);
    } else {
      RouterRegistry.shared(plan.config()); // rebuilt here, not inside pgjdbc, after closeAll()
    }
    return plan;
  }

  /** Returns how many validated URL plans the driver keeps (for tests). */
  static int cachedPlans() {
    return PLANS.size();
  }

  private static DetourUrl parseUrl(String url) throws SQLException {
    try {
      return DetourUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), ConnectFailures.INVALID_PARAMETER);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the connection is unusable anyway
    }
  }
}
