package dev.detour.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.detour.core.NamedThreadFactory;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.pool.internal.AcquireWaiters;
import dev.detour.pool.internal.BorrowLoop;
import dev.detour.pool.internal.ConnectionTracker;
import dev.detour.pool.internal.FastFailGate;
import dev.detour.pool.internal.HikariKnobs;
import dev.detour.pool.internal.LastErrors;
import dev.detour.pool.internal.PoolEvents;
import dev.detour.pool.internal.PoolMetrics;
import dev.detour.pool.internal.PoolSettings;
import dev.detour.pool.internal.PoolSpread;
import dev.detour.pool.internal.RoutedDataSource;
import dev.detour.pool.internal.StalledBorrowAborter;
import dev.detour.pool.internal.SuspectBorrowWatch;
import dev.detour.router.AddressHealth;
import dev.detour.router.Router;
import dev.detour.router.RouterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A HikariCP pool whose physical connections go through the Detour router: each connection lands on
 * a healthy address of the host, and the pool knows which address each one is on.
 *
 * <p>What it adds to a plain HikariCP on a {@code jdbc:detour:} URL:
 *
 * <ul>
 *   <li><b>Fast-fail.</b> While every address of the host is open in the router, {@link
 *       #getConnection()} throws at once, SQLState {@code 08001}, with the router's reason
 *       ("database unreachable: all 12 addresses of ... failing (...)"), instead of waiting out the
 *       acquire timeout.
 *   <li><b>Two different errors.</b> An acquire timeout with a failing database is "database
 *       unreachable" ({@code 08001}); with a healthy one it is "pool exhausted: 10 active, 0 idle,
 *       22 waiting, acquire timeout 5s; oldest borrow ...; N of 10 active connections are on
 *       addresses now open" ({@code 08004}). Both are {@link SQLTransientConnectionException}s.
 *   <li><b>Eviction by address.</b> When an address's breaker opens, or DNS drops it, its idle
 *       connections are closed at once and its borrowed ones when they are returned; none is handed
 *       out again. A pooled connection that fails with an I/O error or the pooled socket timeout is
 *       reported to the router for its address, evicted, and its error names the address.
 *   <li><b>Bounded stalls.</b> Pooled connections get pgjdbc's {@code socketTimeout} (30 s by
 *       default), the only thing that ends a read on a connection whose proxy went silent.
 *   <li>{@link #health()} for a {@code /health} endpoint, and {@link #reset()}, the operator's
 *       remedy that replaces "restart the machines".
 * </ul>
 *
 * <p>The router is the one {@link RouterRegistry} shares with plain {@code jdbc:detour:}
 * connections of the same {@code detour.router.*}/{@code detour.resolver.*} settings. Thread-safe.
 */
public final class DetourDataSource implements DataSource, Closeable {

  /** The prefix of the pool's keys in a properties file: {@code detour.pool.}. */
  public static final String PREFIX = PoolSettings.PREFIX;

  /** The prefix of Hikari's own knobs in a properties file: {@code detour.pool.hikari.}. */
  public static final String HIKARI_PREFIX = PoolSettings.HIKARI_PREFIX;

  /**
   * The pool's key names, after {@link #PREFIX}, that {@link #fromProperties} accepts (besides
   * {@code hikari.*}, see {@link #HIKARI_PREFIX}).
   */
  public static final List<String> KEYS = PoolSettings.KEYS;

  private final PoolSettings settings;
  private final Router router;
  private final HikariDataSource hikari;
  private final HikariPool pool;
  private final ConnectionTracker tracker;
  private final FastFailGate gate;
  private final LastErrors errors = new LastErrors();
  private final PoolMetrics metrics;
  private final AutoCloseable subscription;
  private final StalledBorrowAborter aborter; // null when detour.pool.stalledBorrowAbort=0
  private final SuspectBorrowWatch watch; // null when detour.pool.stalledBorrowAbort=0
  private final BorrowLoop borrows;

  DetourDataSource(PoolSettings settings, Object meterRegistry) {
    this.settings = settings;
    this.router = RouterRegistry.shared(settings.routerConfig());
    AcquireWaiters waiters = new AcquireWaiters();
    Ticker ticker = Ticker.system();
    this.gate = new FastFailGate(router, settings.host(), settings.port(), waiters);
    this.metrics =
        meterRegistry == null
            ? PoolMetrics.NONE
            : new dev.detour.pool.internal.MicrometerPoolMetrics(
                meterRegistry, settings.poolName());
    HikariDataSource[] holder = new HikariDataSource[1];
    this.tracker =
        new ConnectionTracker(
            ticker,
            proxy -> {
              if (holder[0] != null) {
                holder[0].evictConnection(proxy);
              }
            });
    tracker.spreadWith(
        new PoolSpread(() -> router.health(settings.host(), settings.port()), ticker));
    HikariConfig config = new HikariConfig();
    config.setPoolName(settings.poolName());
    config.setMaximumPoolSize(settings.maximumPoolSize());
    config.setConnectionTimeout(settings.acquireTimeout().toMillis());
    config.setValidationTimeout(settings.validationTimeout().toMillis());
    // start even when the database is down: borrows then fast-fail or say "unreachable"
    config.setInitializationFailTimeout(-1);
    config.setThreadFactory(new NamedThreadFactory(settings.poolName() + "-hikari"));
    if (meterRegistry != null) {
      config.setMetricRegistry(meterRegistry);
    }
    if (settings.stalledBorrowAbort().isZero()) {
      this.aborter = null;
      this.watch = null;
    } else {
      Scheduler stall = Scheduler.system(settings.poolName() + "-stall", 1);
      this.aborter =
          new StalledBorrowAborter(tracker, stall, settings.stalledBorrowAbort(), metrics);
      this.watch =
          new SuspectBorrowWatch(
              tracker,
              router,
              settings.host(),
              settings.port(),
              stall,
              settings.stalledBorrowAbort());
    }
    PoolEvents events =
        new PoolEvents(
            settings.host(),
            settings.port(),
            gate,
            tracker,
            metrics,
            errors::connectFailed,
            aborter);
    config.setDataSource(
        new RoutedDataSource(
            settings.url(),
            settings.driverProperties(),
            (int) Math.max(1, (settings.routerConfig().connectBudget().toMillis() + 999) / 1000),
            tracker,
            events::connectFailed));
    HikariKnobs.apply(settings.hikari(), config); // the user's Hikari knobs win
    this.subscription = router.addListener(events);
    try {
      this.hikari = new HikariDataSource(config);
    } catch (RuntimeException e) {
      closeQuietly(subscription);
      if (aborter != null) {
        aborter.close();
      }
      throw e;
    }
    holder[0] = hikari;
    if (watch != null) {
      watch.start();
    }
    this.pool = (HikariPool) hikari.getHikariPoolMXBean();
    this.borrows =
        new BorrowLoop(settings, router, hikari, tracker, gate, waiters, metrics, errors, ticker);
  }

  /**
   * Returns a builder holding every default (see the README's Pool section).
   *
   * @return a builder holding every default (see the README's Pool section)
   */
  public static DetourDataSourceBuilder builder() {
    return new DetourDataSourceBuilder();
  }

  /**
   * Builds a pool from {@code properties}: {@code detour.pool.url} (required), {@code
   * detour.pool.username}, {@code detour.pool.password} or {@code detour.pool.passwordFile}, the
   * other {@code detour.pool.*} keys, {@code detour.pool.hikari.<hikariProperty>}, {@code
   * detour.router.*}, {@code detour.resolver.*}, and any pgjdbc property (keys outside {@code
   * detour.}).
   *
   * @throws dev.detour.core.ConfigException naming the key, the value and what was expected
   * @param properties the properties
   * @return a pool from {@code properties}: {@code detour.pool.url} (required), {@code
   *     detour.pool.username}, {@code detour.pool.password} or {@code detour.pool.passwordFile},
   *     the other {@code detour.pool.*} keys, {@code detour.pool.hikari.<hikariProperty>}, {@code
   *     detour.router.*}, {@code detour.resolver.*}, and any pgjdbc property (keys outside {@code
   *     detour.})
   */
  public static DetourDataSource fromProperties(Properties properties) {
    DetourDataSourceBuilder b = builder();
    for (String name : properties.stringPropertyNames()) {
      b.property(name, properties.getProperty(name));
    }
    return b.build();
  }

  /**
   * Like {@link #fromProperties(Properties)}, reading a {@code .properties} file in UTF-8.
   *
   * @throws IOException if the file cannot be read
   * @throws dev.detour.core.ConfigException naming the key, the value and what was expected
   * @param file the file
   * @return a pool built from the file's properties
   */
  public static DetourDataSource fromProperties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return fromProperties(p);
  }

  /**
   * Borrows a connection; closing it returns it to the pool.
   *
   * @throws SQLTransientConnectionException SQLState {@code 08001} "database unreachable: ..." at
   *     once while every address is open, or after the acquire timeout when connects failed;
   *     SQLState {@code 08004} "pool exhausted: ..." after the acquire timeout when every
   *     connection stayed borrowed
   * @throws SQLException SQLState {@code 08003} if the pool is closed
   */
  @Override
  public Connection getConnection() throws SQLException {
    return borrows.borrow();
  }

  /** Not supported: the pool's credentials are fixed when it is built. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "getConnection(username, password): the pool's credentials are fixed when it is built");
  }

  /**
   * Returns a snapshot for a {@code /health} endpoint.
   *
   * @return a snapshot for a {@code /health} endpoint
   */
  public PoolHealth health() {
    boolean closed = hikari.isClosed();
    return new PoolHealth(
        settings.host(),
        settings.port(),
        closed ? 0 : pool.getActiveConnections(),
        closed ? 0 : pool.getIdleConnections(),
        closed ? 0 : pool.getThreadsAwaitingConnection(),
        closed ? 0 : pool.getTotalConnections(),
        closed,
        Optional.ofNullable(gate.check()),
        router.health(settings.host(), settings.port()),
        Optional.ofNullable(errors.last()),
        tracker.countByAddress());
  }

  /**
   * The operator's remedy, instead of restarting the service: re-reads the host's addresses, resets
   * its breakers (every address is tried again at once), and evicts every connection: idle ones at
   * once, borrowed ones when they are returned. Blocks at most for the resolver's lookup bound.
   *
   * @return what was done
   */
  public ResetReport reset() {
    List<AddressHealth> before;
    Optional<String> error = Optional.empty();
    try {
      before = router.reset(settings.host(), settings.port());
    } catch (IOException | RuntimeException e) {
      before = router.health(settings.host(), settings.port());
      error = Optional.of(e.toString());
    }
    gate.clear();
    ConnectionTracker.Evicted evicted = tracker.evictAll("reset");
    hikari.getHikariPoolMXBean().softEvictConnections(); // anything the tracker never saw
    metrics.evicted("reset", evicted.total());
    return new ResetReport(
        before,
        router.health(settings.host(), settings.port()),
        evicted.idle(),
        evicted.inUse(),
        error);
  }

  /**
   * Returns the shared router the pool's connections go through.
   *
   * @return the shared router the pool's connections go through
   */
  public Router router() {
    return router;
  }

  /**
   * Returns the host name of the pool's URL.
   *
   * @return the host name of the pool's URL
   */
  public String host() {
    return settings.host();
  }

  /**
   * Returns the port of the pool's URL.
   *
   * @return the port of the pool's URL
   */
  public int port() {
    return settings.port();
  }

  /**
   * Returns the pool's name: the {@code pool} tag of its meters and the prefix of its threads.
   *
   * @return the pool's name
   */
  public String poolName() {
    return settings.poolName();
  }

  /**
   * Returns Hikari's live counts (active, idle, total, waiting).
   *
   * @return Hikari's live counts (active, idle, total, waiting)
   */
  public HikariPoolMXBean poolStats() {
    return pool;
  }

  /**
   * Returns the acquire timeout.
   *
   * @return the acquire timeout
   */
  public Duration acquireTimeout() {
    return settings.acquireTimeout();
  }

  /**
   * Returns the pooled socket timeout; zero means off.
   *
   * @return the pooled socket timeout; zero means off
   */
  public Duration socketTimeout() {
    return settings.socketTimeout();
  }

  /** Closes every connection and ends the pool's threads; the shared router stays. Idempotent. */
  @Override
  public void close() {
    closeQuietly(subscription);
    if (watch != null) {
      watch.close();
    }
    if (aborter != null) {
      aborter.close(); // ends the stall thread the watch ran on
    }
    hikari.close();
  }

  /** Returns {@code null}: the pool logs through SLF4J. */
  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  /** Ignored: the pool logs through SLF4J. */
  @Override
  public void setLogWriter(PrintWriter out) {}

  /** Ignored: the acquire timeout and the router's connect budget bound a borrow. */
  @Override
  public void setLoginTimeout(int seconds) {}

  /** Returns the acquire timeout in whole seconds, rounded up. */
  @Override
  public int getLoginTimeout() {
    return (int) ((settings.acquireTimeout().toMillis() + 999) / 1000);
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.detour.pool");
  }

  /** Unwraps to this pool or to its {@link HikariDataSource}. */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (iface.isInstance(hikari)) {
      return iface.cast(hikari);
    }
    throw new SQLException("DetourDataSource is not a wrapper for " + iface.getName());
  }

  /** Returns true for this class and for {@link HikariDataSource} and its supertypes. */
  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this) || iface.isInstance(hikari);
  }

  @Override
  public String toString() {
    return "DetourDataSource{" + settings + "}";
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
