package dev.detour.bench.peers;

import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * What every client connects to in one attempt: the lab's host name, port and database, the lab DNS
 * server, and the addresses in the order DNS serves them right now (the scenarios rotate it). The
 * password never appears in {@link #toString()}.
 *
 * @param hostName the fleet's host name, for example {@code ep-test-123456.neon.test}
 * @param port the port every address listens on
 * @param database the database name
 * @param dnsServer {@code host:port} of the lab's DNS server
 * @param dnsOrder the addresses in the current DNS order
 * @param user the login user
 * @param password the login password
 */
public record LabTarget(
    String hostName,
    int port,
    String database,
    String dnsServer,
    List<String> dnsOrder,
    String user,
    String password) {

  /** Copies the address list and checks the fields. */
  public LabTarget {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(dnsServer, "dnsServer");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    dnsOrder = List.copyOf(dnsOrder);
    if (dnsOrder.isEmpty()) {
      throw new IllegalArgumentException("dnsOrder: empty (expected: at least one address)");
    }
  }

  /** A copy with the addresses in {@code order}. */
  public LabTarget withOrder(List<String> order) {
    return new LabTarget(hostName, port, database, dnsServer, order, user, password);
  }

  /** The login as JDBC properties ({@code user}, {@code password}). */
  public Properties login() {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return p;
  }

  @Override
  public String toString() {
    return "LabTarget[" + hostName + ":" + port + "/" + database + ", dns " + dnsServer + "]";
  }
}
