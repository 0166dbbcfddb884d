package dev.detour.examples.relay;

import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The relay-api's default database: an embedded PostgreSQL behind a Neon-like fleet of 12 addresses
 * for one host name, served by a lab DNS server on loopback. Nothing to install.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private final TestPostgres postgres;
  private final NeonLikeFleet fleet;
  private final String database;

  private EmbeddedDatabase(TestPostgres postgres, NeonLikeFleet fleet, String database) {
    this.postgres = postgres;
    this.fleet = fleet;
    this.database = database;
  }

  /**
   * Starts PostgreSQL (once per JVM), a fresh database with the schema, and the fleet.
   *
   * @return the started database
   * @throws SQLException if the schema cannot be created
   */
  public static EmbeddedDatabase start() throws SQLException {
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase("relay");
    try (Connection c = postgres.connect(database)) {
      RelaySchema.create(c);
    }
    return new EmbeddedDatabase(postgres, NeonLikeFleet.start(), database);
  }

  /**
   * Returns the fleet, to inject faults.
   *
   * @return the fleet
   */
  public NeonLikeFleet fleet() {
    return fleet;
  }

  /**
   * Returns the database name.
   *
   * @return the name
   */
  public String database() {
    return database;
  }

  /**
   * Opens a connection straight to PostgreSQL, around the fleet (for checks).
   *
   * @return a new connection
   * @throws SQLException if it cannot be opened
   */
  public Connection direct() throws SQLException {
    return postgres.connect(database);
  }

  /**
   * The settings a {@code detour.properties} file would hold for this database: the pool's URL and
   * login, and the lab DNS server for the resolver.
   *
   * @return new properties the caller may change
   */
  public Properties properties() {
    Properties p = new Properties();
    p.setProperty(
        "detour.pool.url",
        "jdbc:detour:postgresql://" + fleet.hostName() + ":" + fleet.port() + "/" + database);
    p.setProperty("detour.pool.username", postgres.user());
    p.setProperty("detour.pool.password", postgres.password());
    p.setProperty("detour.resolver.servers", fleet.dnsServer());
    return p;
  }

  @Override
  public void close() {
    try {
      fleet.close();
    } finally {
      postgres.dropDatabase(database);
    }
  }
}
