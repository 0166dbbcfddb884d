package dev.detour.testkit.pg;

import dev.detour.testkit.internal.pg.DatabaseNames;
import dev.detour.testkit.internal.pg.PostgresLauncher;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running embedded PostgreSQL 17 server on 127.0.0.1, shared by every test in the JVM.
 *
 * <p>There are at most two per JVM: {@link #shared()} (plain TCP) and {@link #sharedTls()} (TLS
 * required, with a throwaway certificate). Each starts on first use, which takes seconds, and is
 * stopped by a JVM shutdown hook. Tests log in as {@link #user()} ({@code detour}) with a random
 * {@link #password()} checked by SCRAM-SHA-256; the superuser {@code postgres} is trusted on
 * loopback for setup only ({@link #connectAsSuperuser()}).
 *
 * <p>On the TLS server every TCP login must use TLS. Its certificate is signed by a throwaway CA
 * ({@link #caCertificate()}) and valid for {@code localhost}, {@code neon.test}, {@code
 * *.neon.test} and {@code 127.0.0.1}, so clients can use {@code sslmode=verify-full}.
 *
 * <p>Tests that share a server must not change it globally (roles, settings); a test that needs a
 * private database asks for one with {@link #createDatabase(String)}. Thread-safe.
 */
public final class TestPostgres {

  private static final int CREATE_DATABASE_ATTEMPTS = 100;
  private static final int SETUP_STATEMENT_TIMEOUT_SECONDS = 120;
  private static final String SETUP_CONNECT_TIMEOUT_SECONDS = "30";
  private static final String SETUP_LOGIN_TIMEOUT_SECONDS = "60";
  private static final String DUPLICATE_DATABASE = "42P04";

  private static final Lazy PLAIN = new Lazy(false);
  private static final Lazy TLS = new Lazy(true);

  private final PostgresLauncher.Launched launched;
  private final AtomicInteger databaseSequence = new AtomicInteger();

  private TestPostgres(PostgresLauncher.Launched launched) {
    this.launched = launched;
  }

  /**
   * Returns the JVM's plain (non-TLS) server, starting it on first call.
   *
   * @return the JVM's plain (non-TLS) server, starting it on first call
   * @throws IllegalStateException if the server could not be started (then and on every later call,
   *     without a new attempt)
   */
  public static TestPostgres shared() {
    return PLAIN.get();
  }

  /**
   * Returns the JVM's TLS server, starting it on first call.
   *
   * @return the JVM's TLS server, starting it on first call
   * @throws IllegalStateException if the server could not be started (then and on every later call,
   *     without a new attempt)
   */
  public static TestPostgres sharedTls() {
    return TLS.get();
  }

  /**
   * Returns the host to connect to: {@code "127.0.0.1"}.
   *
   * @return the host to connect to
   */
  public String host() {
    return PostgresLauncher.HOST;
  }

  /**
   * Returns the server's TCP port.
   *
   * @return the server's TCP port
   */
  public int port() {
    return launched.port();
  }

  /**
   * Returns the server's address, 127.0.0.1 and {@link #port()}.
   *
   * @return the server's address, 127.0.0.1 and {@link #port()}
   */
  public InetSocketAddress address() {
    return new InetSocketAddress(host(), port());
  }

  /**
   * Returns the login role for tests: {@code "detour"}.
   *
   * @return the login role for tests
   */
  public String user() {
    return PostgresLauncher.USER;
  }

  /**
   * Returns the password of {@link #user()}: random per server, never printed by this class.
   *
   * @return the password of {@link #user()}
   */
  public String password() {
    return launched.password();
  }

  /**
   * Returns the database that {@link #user()} owns and that every test may use: {@code "detour"}.
   *
   * @return the database that {@link #user()} owns and that every test may use
   */
  public String database() {
    return PostgresLauncher.DATABASE;
  }

  /**
   * Returns whether this server requires TLS for every TCP login.
   *
   * @return whether this server requires TLS for every TCP login
   */
  public boolean tls() {
    return launched.tlsFiles() != null;
  }

  /**
   * Returns the PEM file of the CA that signed the server certificate, for {@code sslrootcert}.
   *
   * @return the PEM file of the CA that signed the server certificate, for {@code sslrootcert}
   * @throws IllegalStateException on the plain server
   */
  public Path caCertificate() {
    if (!tls()) {
      throw new IllegalStateException(
          this
              + ": caCertificate() is only available on the TLS server (TestPostgres.sharedTls())");
    }
    return launched.tlsFiles().caCertificate();
  }

  /**
   * Creates a new database owned by {@link #user()} and returns its name.
   *
   * <p>The name is the hint, lower-cased, reduced to {@code [a-z0-9_]}, stripped of a package
   * prefix and followed by {@code _<n>}, unique on this server; for example {@code
   * "dev.detour.pool.PoolIT"} becomes {@code "poolit_3"}.
   *
   * <p>Takes a superuser connection and one statement, each bounded (see {@link
   * #connectAsSuperuser()}; the statement 120 s).
   *
   * @param nameHint non-blank text, usually a test class name
   * @return the new database's name
   * @throws IllegalArgumentException if the hint is null or blank
   * @throws IllegalStateException if the database could not be created
   */
  public String createDatabase(String nameHint) {
    DatabaseNames.of(nameHint, 0); // validates the hint before any connection is made
    SQLException last = null;
    try (Connection superuser = connectAsSuperuser();
        Statement statement = superuser.createStatement()) {
      statement.setQueryTimeout(SETUP_STATEMENT_TIMEOUT_SECONDS);
      for (int attempt = 0; attempt < CREATE_DATABASE_ATTEMPTS; attempt++) {
        String name = DatabaseNames.of(nameHint, databaseSequence.incrementAndGet());
        try {
          statement.execute("CREATE DATABASE " + name + " OWNER " + user());
          return name;
        } catch (SQLException e) {
          if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
            throw e;
          }
          last = e; // created outside this class: take the next number
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(this + ": could not create a database for " + nameHint, e);
    }
    throw new IllegalStateException(
        this
            + ": no free database name for "
            + nameHint
            + " in "
            + CREATE_DATABASE_ATTEMPTS
            + " tries",
        last);
  }

  /**
   * Drops a database, first terminating its connections ({@code DROP DATABASE ... WITH (FORCE)}).
   * Does nothing if it does not exist.
   *
   * @param database a database name, for example one returned by {@link #createDatabase}
   * @throws IllegalArgumentException if the name is not a plain lower-case identifier
   * @throws IllegalStateException if the database could not be dropped
   */
  public void dropDatabase(String database) {
    if (database == null || !database.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "database: "
              + database
              + " (expected: a plain lower-case identifier, as createDatabase returns)");
    }
    if (database.equals(database())
        || database.equals("postgres")
        || database.startsWith("template")) {
      throw new IllegalArgumentException(
          "database: "
              + database
              + " (expected: a database made by createDatabase, not a shared one)");
    }
    try (Connection superuser = connectAsSuperuser();
        Statement statement = superuser.createStatement()) {
      statement.setQueryTimeout(SETUP_STATEMENT_TIMEOUT_SECONDS);
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException(this + ": could not drop database " + database, e);
    }
  }

  /**
   * Returns {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, with no credentials in it.
   *
   * @param database a database name
   * @return {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, with no credentials in it
   */
  public String jdbcUrl(String database) {
    return jdbcUrl(host(), database);
  }

  /**
   * Returns {@code jdbc:postgresql://<host>:<port>/<database>}, for tests that connect by a host
   * name (for example {@code localhost}, or {@code db.neon.test} through a socket factory that
   * reaches 127.0.0.1) so that TLS sends it as SNI and checks it against the certificate.
   *
   * @param host a host name or loopback address
   * @param database a database name
   * @return {@code jdbc:postgresql://<host>:<port>/<database>}, for tests that connect by a host
   *     name (for example {@code localhost}, or {@code db.neon.test} through a socket factory that
   *     reaches 127.0.0.1) so that TLS sends it as SNI and checks it against the certificate
   */
  public String jdbcUrl(String host, String database) {
    requireText("host", host);
    requireText("database", database);
    return "jdbc:postgresql://"
        + host
        + ":"
        + port()
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  /**
   * Returns new properties that log in as {@link #user()}: {@code user} and {@code password}, and
   * on the TLS server also {@code ssl=true}, {@code sslmode=verify-full} and {@code sslrootcert}.
   * The caller may change the returned object.
   *
   * @return new properties that log in as {@link #user()}
   */
  public Properties connectionProperties() {
    Properties properties = tlsProperties();
    properties.setProperty("user", user());
    properties.setProperty("password", password());
    return properties;
  }

  /**
   * Opens a connection as {@link #user()} to a database.
   *
   * @param database a database name, for example {@link #database()}
   * @return a new connection, which the caller closes
   * @throws SQLException if the connection fails
   */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), connectionProperties());
  }

  /**
   * Opens a connection as the superuser {@code postgres} to the database {@code postgres}, for
   * setup such as {@code pg_terminate_backend}. On the TLS server it verifies the certificate too.
   * The connect is bounded: {@code connectTimeout} 30 s and {@code loginTimeout} 60 s.
   *
   * @return a new connection, which the caller closes
   * @throws SQLException if the connection fails
   */
  public Connection connectAsSuperuser() throws SQLException {
    Properties properties = tlsProperties();
    properties.setProperty("user", PostgresLauncher.SUPERUSER);
    properties.setProperty("connectTimeout", SETUP_CONNECT_TIMEOUT_SECONDS);
    properties.setProperty("loginTimeout", SETUP_LOGIN_TIMEOUT_SECONDS);
    return DriverManager.getConnection(jdbcUrl("postgres"), properties);
  }

  /** Returns host, port, user and TLS; never the password. */
  @Override
  public String toString() {
    return "TestPostgres[" + host() + ":" + port() + ", user=" + user() + ", tls=" + tls() + "]";
  }

  private Properties tlsProperties() {
    Properties properties = new Properties();
    if (tls()) {
      properties.setProperty("ssl", "true");
      properties.setProperty("sslmode", "verify-full");
      properties.setProperty("sslrootcert", caCertificate().toString());
    }
    return properties;
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name
              + ": "
              + (value == null ? "null" : "'" + value + "'")
              + " (expected: non-blank text)");
    }
  }

  /** Starts a server once; remembers a failure so that later callers fail fast with its cause. */
  private static final class Lazy {
    private final boolean tls;
    private TestPostgres server;
    private RuntimeException failure;

    Lazy(boolean tls) {
      this.tls = tls;
    }

    synchronized TestPostgres get() {
      if (server == null && failure == null) {
        try {
          server = new TestPostgres(PostgresLauncher.launch(tls));
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw new IllegalStateException(
            "embedded PostgreSQL (tls=" + tls + ") failed to start in this JVM", failure);
      }
      return server;
    }
  }
}
