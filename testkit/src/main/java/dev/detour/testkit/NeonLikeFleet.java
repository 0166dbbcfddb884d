package dev.detour.testkit;

import dev.detour.testkit.dns.DnsServer;
import dev.detour.testkit.pg.TestPostgres;
import dev.detour.testkit.proxy.Fault;
import dev.detour.testkit.proxy.FaultProxyFleet;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A loopback stand-in for a managed Postgres endpoint: one host name with many A records, each
 * address a fault-injecting proxy in front of the same embedded PostgreSQL.
 *
 * <p>It composes the testkit's three doubles: the {@link DnsServer} serves {@link #hostName()} with
 * one A record per proxy address (TTL 60 s by default); the {@link FaultProxyFleet} listens on
 * {@code 127.0.0.11..} on one shared port; {@link TestPostgres#shared()} (or the TLS variant) is
 * the backend. Everything stays on 127.0.0.0/8.
 *
 * <p>Thread-safe for fault switching. {@link #close()} closes the DNS server and the proxies, not
 * the JVM-wide PostgreSQL.
 */
public final class NeonLikeFleet implements AutoCloseable {

  /** The default host name, shaped like a Neon endpoint. */
  public static final String DEFAULT_HOST = "ep-test-123456.neon.test";

  /** The default number of addresses, as in the incident. */
  public static final int DEFAULT_SIZE = 12;

  private final String hostName;
  private final TestPostgres postgres;
  private final DnsServer dns;
  private final FaultProxyFleet proxies;

  private NeonLikeFleet(
      String hostName, TestPostgres postgres, DnsServer dns, FaultProxyFleet proxies) {
    this.hostName = hostName;
    this.postgres = postgres;
    this.dns = dns;
    this.proxies = proxies;
  }

  /**
   * Starts a 12-address fleet named {@value #DEFAULT_HOST} in front of the shared PostgreSQL.
   *
   * @return the running fleet, which the caller closes
   */
  public static NeonLikeFleet start() {
    return start(DEFAULT_SIZE, TestPostgres.shared());
  }

  /**
   * Starts a 12-address fleet in front of the shared TLS PostgreSQL (for SNI and verify-full).
   *
   * @return the running fleet, which the caller closes
   */
  public static NeonLikeFleet startTls() {
    return start(DEFAULT_SIZE, TestPostgres.sharedTls());
  }

  /**
   * Starts a fleet of {@code size} addresses in front of {@code postgres}.
   *
   * @param size from 1 to 100
   * @param postgres the backend every address forwards to
   * @return the running fleet, which the caller closes
   */
  public static NeonLikeFleet start(int size, TestPostgres postgres) {
    return start(DEFAULT_HOST, size, Duration.ofSeconds(60), postgres);
  }

  /**
   * Starts a fleet.
   *
   * @param hostName the name the DNS server answers for
   * @param size the number of addresses, from 1 to 100
   * @param ttl the TTL of the A records
   * @param postgres the backend
   * @return the running fleet, which the caller closes
   */
  public static NeonLikeFleet start(
      String hostName, int size, Duration ttl, TestPostgres postgres) {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(postgres, "postgres");
    if (size < 1 || size > 100) {
      throw new IllegalArgumentException("size: " + size + " (expected: 1 <= size <= 100)");
    }
    FaultProxyFleet proxies = FaultProxyFleet.start(size, postgres.address());
    DnsServer dns;
    try {
      dns = DnsServer.start();
      dns.setA(hostName, ttl, proxies.hostAddresses().toArray(String[]::new));
    } catch (RuntimeException e) {
      proxies.close();
      throw e;
    }
    return new NeonLikeFleet(hostName, postgres, dns, proxies);
  }

  /**
   * Returns the fleet's host name, for example {@value #DEFAULT_HOST}.
   *
   * @return the fleet's host name, for example {@value #DEFAULT_HOST}
   */
  public String hostName() {
    return hostName;
  }

  /**
   * Returns the port every address listens on.
   *
   * @return the port every address listens on
   */
  public int port() {
    return proxies.port();
  }

  /**
   * Returns the number of addresses.
   *
   * @return the number of addresses
   */
  public int size() {
    return proxies.size();
  }

  /**
   * Returns the addresses as text, in DNS order ({@code 127.0.0.11}, ...).
   *
   * @return the addresses as text, in DNS order ({@code 127.0.0.11}, ...)
   */
  public List<String> addresses() {
    return proxies.hostAddresses();
  }

  /**
   * Returns the DNS server ({@code 127.0.0.1:port}, UDP and TCP).
   *
   * @return the DNS server ({@code 127.0.0.1:port}, UDP and TCP)
   */
  public DnsServer dns() {
    return dns;
  }

  /**
   * Returns the proxies, for finer faults and per-address counters.
   *
   * @return the proxies, for finer faults and per-address counters
   */
  public FaultProxyFleet proxies() {
    return proxies;
  }

  /**
   * Returns the backend PostgreSQL.
   *
   * @return the backend PostgreSQL
   */
  public TestPostgres postgres() {
    return postgres;
  }

  /**
   * Returns {@code host:port} of the DNS server, the value for {@code detour.resolver.servers}.
   *
   * @return {@code host:port} of the DNS server, the value for {@code detour.resolver.servers}
   */
  public String dnsServer() {
    return "127.0.0.1:" + dns.port();
  }

  /**
   * Returns a {@code jdbc:detour:} URL for {@code database} that resolves through this fleet's DNS
   * server. Credentials are not in the URL: pass {@link TestPostgres#connectionProperties()}.
   *
   * @param database the database name
   * @return a {@code jdbc:detour:} URL for {@code database} that resolves through this fleet's DNS
   *     server
   */
  public String detourUrl(String database) {
    return "jdbc:detour:postgresql://"
        + hostName
        + ":"
        + port()
        + "/"
        + database
        + "?detour.resolver.servers="
        + dnsServer();
  }

  /**
   * Black-holes the first {@code k} addresses (their SYNs are dropped).
   *
   * @param k how many addresses, from the first
   */
  public void blackholeFirst(int k) {
    checkCount(k);
    for (int i = 0; i < k; i++) {
      proxies.setFault(i, Fault.blackhole());
    }
  }

  /**
   * Black-holes the addresses at {@code indexes}.
   *
   * @param indexes the addresses' indexes, 0-based
   */
  public void blackhole(int... indexes) {
    for (int i : indexes) {
      proxies.setFault(i, Fault.blackhole());
    }
  }

  /**
   * Makes the connections already open on address {@code index} (and new ones) go silent.
   *
   * @param index the address's index, 0-based
   */
  public void stallConnections(int index) {
    proxies.setFault(index, Fault.stallAfter(0));
  }

  /**
   * Sets {@code fault} on address {@code index}.
   *
   * @param index the address's index, 0-based
   * @param fault the fault to apply
   */
  public void fault(int index, Fault fault) {
    proxies.setFault(index, fault);
  }

  /** Clears every proxy fault and DNS fault. */
  public void clearFaults() {
    proxies.clearFaults();
    dns.clearFaults();
  }

  private void checkCount(int k) {
    if (k < 0 || k > size()) {
      throw new IllegalArgumentException("k: " + k + " (expected: 0 <= k <= " + size() + ")");
    }
  }

  @Override
  public void close() {
    try {
      dns.close();
    } finally {
      proxies.close();
    }
  }

  @Override
  public String toString() {
    return "NeonLikeFleet["
        + hostName
        + ":"
        + port()
        + " x"
        + size()
        + ", dns="
        + dnsServer()
        + "]";
  }
}
