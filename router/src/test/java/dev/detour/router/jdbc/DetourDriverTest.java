package dev.detour.router.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.core.Ticker;
import dev.detour.router.TestRouters;
import dev.detour.router.jdbc.internal.PendingConnections;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetourDriverTest {

  private final DirectRouter router = DirectRouter.offline("127.0.0.5");
  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;

  /** Stands in for pgjdbc: builds the factory as pgjdbc does, then behaves as told. */
  private final class FakePgjdbc implements Driver {
    final List<String> urls = new CopyOnWriteArrayList<>();
    final List<Properties> props = new CopyOnWriteArrayList<>();
    SQLException failure;
    RuntimeException unchecked;
    long advanceNanos;

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      urls.add(url);
      props.add(info);
      // pgjdbc derives PGHOST and PGPORT from the URL and passes them to the factory
      java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
      Properties withHost = new Properties();
      withHost.putAll(info);
      withHost.setProperty("PGHOST", uri.getHost());
      withHost.setProperty("PGPORT", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
      RoutingSocketFactory factory = new RoutingSocketFactory(withHost, c -> router);
      try {
        factory.createSocket();
      } catch (java.io.IOException e) {
        throw new SQLException("The connection attempt failed.", "08001", e);
      }
      now.addAndGet(advanceNanos);
      if (unchecked != null) {
        throw unchecked; // pgjdbc does not catch a RuntimeException from the socket factory
      }
      if (failure != null) {
        throw failure;
      }
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> method.getName().equals("isClosed") ? false : null);
    }

    @Override
    public boolean acceptsURL(String url) {
      return true;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[] {new DriverPropertyInfo("sslmode", null)};
    }

    @Override
    public int getMajorVersion() {
      return 42;
    }

    @Override
    public int getMinorVersion() {
      return 7;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return null;
    }
  }

  private final FakePgjdbc pgjdbc = new FakePgjdbc();
  private final DetourDriver driver = new DetourDriver(pgjdbc, ticker);

  @BeforeEach
  void useTestRouter() {
    TestRouters.use(c -> router);
  }

  @AfterEach
  void restoreRouters() {
    TestRouters.reset();
  }

  @Test
  void aRepeatedUrlIsValidatedOnceAndAnInvalidOneEveryTime() throws SQLException {
    String url = "jdbc:detour:postgresql://cached.test:6543/app?detour.router.connectBudget=7s";
    Properties info = new Properties();
    info.setProperty("user", "app");
    int before = DetourDriver.cachedPlans();

    driver.connectRouted(url, info);
    driver.connectRouted(url, info);

    assertThat(DetourDriver.cachedPlans()).isEqualTo(before + 1);
    assertThat(pgjdbc.props).hasSize(2);
    assertThat(pgjdbc.props.get(1).getProperty("connectTimeout")).isEqualTo("7");
    assertThat(pgjdbc.props.get(1).getProperty("detour.token"))
        .isNotEqualTo(pgjdbc.props.get(0).getProperty("detour.token"));

    String bad = "jdbc:detour:postgresql://cached.test/app?detour.router.conectBudget=7s";
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> driver.connectRouted(bad, info))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("did you mean detour.router.connectBudget")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("22023");
    }
    assertThat(DetourDriver.cachedPlans()).isEqualTo(before + 1);
    assertThat(pgjdbc.props).hasSize(2);
  }

  @Test
  void acceptsOnlyJdbcDetourUrls() throws SQLException {
    assertThat(driver.acceptsURL("jdbc:detour:postgresql://h/db")).isTrue();
    assertThat(driver.acceptsURL("jdbc:postgresql://h/db")).isFalse();
    assertThat(driver.acceptsURL(null)).isFalse();
    assertThat(driver.connect("jdbc:postgresql://h/db", new Properties())).isNull();
    assertThat(driver.connect("jdbc:mysql://h/db", null)).isNull();
    assertThat(pgjdbc.urls).isEmpty();
  }

  @Test
  void delegatesToPgjdbcWithTheAddedProperties() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "app");

    RoutedConnection c =
        driver.connectRouted("jdbc:detour:postgresql://db.test:6543/app?sslmode=require", info);

    assertThat(pgjdbc.urls).containsExactly("jdbc:postgresql://db.test:6543/app?sslmode=require");
    Properties sent = pgjdbc.props.get(0);
    assertThat(sent.getProperty("socketFactory")).isEqualTo(RoutingSocketFactory.class.getName());
    assertThat(sent.getProperty("loginTimeout")).isNull();
    assertThat(sent.getProperty("tcpKeepAlive")).isEqualTo("true");
    assertThat(sent.getProperty("detour.token")).startsWith("detour-");
    assertThat(sent.getProperty("user")).isEqualTo("app");
    assertThat(c.address()).isEqualTo(new InetSocketAddress("127.0.0.5", 6543));
    assertThat(c.host()).isEqualTo("db.test");
  }

  @Test
  void successDisarmsTheWatchdogAndForgetsTheToken() throws SQLException {
    driverConnect();

    assertThat(router.routed.get(0).ready()).isTrue();
    assertThat(router.routed.get(0).failure).hasValue(null);
    assertThat(PendingConnections.size()).isZero();
  }

  @Test
  void ioFailureAfterTcpIsReportedToTheRouter() {
    SocketException reset = new SocketException("Connection reset");
    pgjdbc.failure = new SQLException("An I/O error occurred", "08006", reset);

    assertThatThrownBy(this::driverConnect).isSameAs(pgjdbc.failure);
    assertThat(router.routed.get(0).failure.get()).isSameAs(pgjdbc.failure);
    assertThat(PendingConnections.size()).isZero();
  }

  @Test
  void wrongPasswordIsNotBlamedOnTheAddress() {
    pgjdbc.failure = new SQLException("password authentication failed for user", "28P01");

    assertThatThrownBy(this::driverConnect).isSameAs(pgjdbc.failure);
    assertThat(router.routed.get(0).failure).hasValue(null);
    // closed without blame, and not counted as a handshake success (it never finished one)
    assertThat(router.routed.get(0).ready()).isFalse();
    assertThat(router.routed.get(0).socket().isClosed()).isTrue();
  }

  @Test
  void anInterruptedHandshakeIsNotBlamedOnTheAddress() {
    java.io.InterruptedIOException interrupted = new java.io.InterruptedIOException("interrupted");
    pgjdbc.failure = new SQLException("An I/O error occurred", "08006", interrupted);

    assertThatThrownBy(this::driverConnect).isSameAs(pgjdbc.failure);
    assertThat(router.routed.get(0).failure).hasValue(null);
    assertThat(router.routed.get(0).ready()).as("not a handshake success").isFalse();
    assertThat(router.routed.get(0).socket().isClosed()).as("released without blame").isTrue();
  }

  @Test
  void aVirtualThreadsClosedByInterruptIsNotBlamedOnTheAddress() {
    SocketException closed = new SocketException("Closed by interrupt");
    closed.initCause(new java.nio.channels.ClosedByInterruptException());
    pgjdbc.failure = new SQLException("An I/O error occurred", "08006", closed);

    assertThatThrownBy(this::driverConnect).isSameAs(pgjdbc.failure);
    assertThat(router.routed.get(0).failure).hasValue(null);
  }

  @Test
  void anIoFailureSeenByAnInterruptedCallerIsNotBlamedOnTheAddress() {
    pgjdbc.failure =
        new SQLException("An I/O error occurred", "08006", new SocketException("Socket closed"));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(this::driverConnect).isSameAs(pgjdbc.failure);
    } finally {
      Thread.interrupted();
    }
    assertThat(router.routed.get(0).failure).hasValue(null);
  }

  @Test
  void aReadTimeoutIsStillBlamedOnTheAddress() {
    java.net.SocketTimeoutException timeout = new java.net.SocketTimeoutException("Read timed out");
    pgjdbc.failure = new SQLException("An I/O error occurred", "08006", timeout);

    assertThatThrownBy(this::driverConnect).isSameAs(pgjdbc.failure);
    assertThat(router.routed.get(0).failure.get()).isSameAs(pgjdbc.failure);
  }

  @Test
  void stallPastTheBudgetBecomes08001NamingTheBudget() {
    pgjdbc.failure = new SQLException("An I/O error occurred", "08006");
    pgjdbc.advanceNanos = 10_000_000_000L;

    assertThatThrownBy(this::driverConnect)
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
        .hasMessageContaining("h:5432: connection not ready within the 10s budget")
        .hasMessageContaining("TCP to 127.0.0.5:5432");
    assertThat(router.routed.get(0).failure.get()).isNotNull();
  }

  @Test
  void noHealthyAddressBecomes08001WithTheRoutersMessage() {
    router.failWith = TestFailures.noHealthyAddress("h:5432: no healthy address (2 open)");

    assertThatThrownBy(this::driverConnect)
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
        .hasMessage("h:5432: no healthy address (2 open)");
  }

  @Test
  void poolSettingsAreRejectedByTheDriverInsteadOfSilentlyIgnored() {
    Properties info = new Properties();
    info.setProperty("detour.pool.maximumPoolSize", "10");
    assertThatThrownBy(() -> driver.connect("jdbc:detour:postgresql://h/db", info))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"))
        .hasMessageContaining("detour.pool.maximumPoolSize: '10' (expected: not given to the")
        .hasMessageContaining("DetourDataSource");
    Properties secret = new Properties();
    secret.setProperty("detour.pool.password", "hunter2");
    assertThatThrownBy(() -> driver.connect("jdbc:detour:postgresql://h/db", secret))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("detour.pool.password: '***'")
        .message()
        .doesNotContain("hunter2");
    assertThat(pgjdbc.urls).isEmpty();
    assertThat(router.routed).isEmpty();
  }

  @Test
  void invalidSettingsFailBeforeAnyConnectWith22023() {
    for (String url :
        new String[] {
          "jdbc:detour:postgresql://h/db?detour.router.connectBudget=10x",
          "jdbc:detour:postgresql://h/db?detour.router.conectBudget=10s",
          "jdbc:detour:postgresql://h:99999/db",
          "jdbc:detour:postgresql:///db",
          "jdbc:detour:postgresql://a,b/db",
          "jdbc:detour:mysql://h/db",
        }) {
      assertThatThrownBy(() -> driver.connect(url, new Properties()))
          .as(url)
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"));
    }
    assertThat(pgjdbc.urls).isEmpty();
    assertThat(router.routed).isEmpty();
  }

  @Test
  void messagesNeverContainThePassword() {
    assertThatThrownBy(
            () ->
                driver.connect(
                    "jdbc:detour:postgresql://h/db?password=hunter2&detour.router.x=1", null))
        .hasMessageContaining("detour.router.x")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void propertyInfoListsTheDetourKeysFirst() throws SQLException {
    DriverPropertyInfo[] info =
        driver.getPropertyInfo(
            "jdbc:detour:postgresql://h/db?detour.router.connectBudget=3s", new Properties());

    assertThat(info[0].name).isEqualTo("detour.router.connectBudget");
    assertThat(info[0].value).isEqualTo("3s");
    assertThat(info[0].description).contains("Total time");
    assertThat(Arrays.stream(info).map(p -> p.name)).contains("detour.resolver.*", "sslmode");
  }

  @Test
  void isRegisteredWithDriverManager() throws SQLException {
    assertThat(DriverManager.getDriver("jdbc:detour:postgresql://h/db"))
        .isInstanceOf(DetourDriver.class);
    assertThat(driver.jdbcCompliant()).isFalse();
    assertThat(driver.getParentLogger().getName()).isEqualTo("dev.detour.router.jdbc");
  }

  private void driverConnect() throws SQLException {
    driver.connectRouted("jdbc:detour:postgresql://h/db", new Properties());
  }

  @Test
  void hostsTheResolverWouldRejectFailWith22023NamingTheHostBeforeAnyNetworkAccess() {
    String longLabel = "a".repeat(64) + ".test";
    for (String host : new String[] {"a..b", longLabel}) {
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                      "jdbc:detour:postgresql://" + host + "/db?password=hunter2"))
          .as(host)
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"))
          .hasMessageContaining("host: '" + host + "'")
          .hasMessageNotContaining("hunter2");
    }
    assertThat(router.routed).isEmpty();
  }

  @Test
  void illegalArgumentDuringTheConnectBecomes22023NamingTheHost() {
    pgjdbc.unchecked = new IllegalArgumentException("host: 'h' is not acceptable");

    assertThatThrownBy(this::driverConnect)
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"))
        .hasMessage("h:5432: host: 'h' is not acceptable")
        .hasCause(pgjdbc.unchecked);
    assertThat(PendingConnections.size()).isZero();
  }

  @Test
  void otherUncheckedFailureBecomes08001NamingHostAndPortWithoutThePassword() {
    pgjdbc.unchecked = new IllegalStateException("bug while sending password hunter2");
    Properties info = new Properties();
    info.setProperty("password", "hunter2");

    assertThatThrownBy(() -> driver.connectRouted("jdbc:detour:postgresql://h:6543/db", info))
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getSQLState()).isEqualTo("08001");
              assertThat(e.getCause()).isNull(); // its message holds the password
            })
        .hasMessage(
            "h:6543: connect failed with java.lang.IllegalStateException:"
                + " bug while sending password ***");
    assertThat(router.routed.get(0).failure.get()).isSameAs(pgjdbc.unchecked);
  }

  @Test
  void uncheckedFailureKeepsItsCauseWhenNoSecretIsInIt() {
    pgjdbc.unchecked = new IllegalStateException("pool shut down");

    assertThatThrownBy(this::driverConnect)
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
        .hasMessage("h:5432: connect failed with java.lang.IllegalStateException: pool shut down")
        .hasCause(pgjdbc.unchecked);
  }
}
