package dev.detour.examples.replay;

import dev.detour.examples.relay.RelaySchema;
import dev.detour.resolver.HostResolver;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.dns.DnsFault;
import dev.detour.testkit.pg.TestPostgres;
import dev.detour.testkit.proxy.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * The replay's world: an embedded PostgreSQL with the relay-api schema, a Neon-like fleet of 12
 * addresses for one host name (served by the lab DNS server, and through {@link HostsFile} to the
 * JVM), and the fault switches the scenarios flip. Every fault change is recorded in a {@link
 * FaultTimeline}. Thread-safe.
 */
final class ReplayEnvironment implements AutoCloseable {

  /** The TTL of the fleet's A records: short, so a DNS outage outlasts it. */
  static final Duration DNS_TTL = Duration.ofSeconds(5);

  private final TestPostgres postgres;
  private final String database;
  private final NeonLikeFleet fleet;
  private final HostsFile hostsFile;
  private final LongSupplier clock;
  private final FaultTimeline timeline = new FaultTimeline();
  private final Fault[] faults;
  private boolean dnsDown;

  private ReplayEnvironment(
      TestPostgres postgres,
      String database,
      NeonLikeFleet fleet,
      HostsFile hostsFile,
      LongSupplier clock) {
    this.postgres = postgres;
    this.database = database;
    this.fleet = fleet;
    this.hostsFile = hostsFile;
    this.clock = clock;
    this.faults = new Fault[fleet.size()];
    Arrays.fill(faults, Fault.pass());
  }

  /**
   * Starts PostgreSQL (if this JVM has not yet), creates a database with the relay-api schema,
   * starts the fleet and points the hosts file at it.
   *
   * @param clock nanoseconds since the replay began, for the timeline
   */
  static ReplayEnvironment start(HostsFile hostsFile, LongSupplier clock)
      throws SQLException, IOException {
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase("replay");
    try (Connection c = postgres.connect(database)) {
      RelaySchema.create(c);
    }
    NeonLikeFleet fleet =
        NeonLikeFleet.start(
            NeonLikeFleet.DEFAULT_HOST, NeonLikeFleet.DEFAULT_SIZE, DNS_TTL, postgres);
    try {
      hostsFile.write(fleet.hostName(), fleet.addresses());
      hostsFile.verify(fleet.hostName(), fleet.addresses());
      warmUp(fleet);
      return new ReplayEnvironment(postgres, database, fleet, hostsFile, clock);
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  /**
   * Resolves the name once through the lab DNS server with generous timeouts, so that loading the
   * DNS classes on a busy machine does not count against the first connect of the Detour stack.
   */
  private static void warmUp(NeonLikeFleet fleet) {
    try (HostResolver r =
        HostResolver.builder()
            .servers(List.of(fleet.dns().address()))
            .useHostsFile(false)
            .queryTimeout(Duration.ofSeconds(10))
            .totalTimeout(Duration.ofSeconds(30))
            .build()) {
      r.resolve(fleet.hostName());
    } catch (IOException e) {
      throw new UncheckedIOException("warm-up lookup of " + fleet.hostName() + " failed", e);
    }
  }

  String hostName() {
    return fleet.hostName();
  }

  int port() {
    return fleet.port();
  }

  int size() {
    return fleet.size();
  }

  String database() {
    return database;
  }

  List<String> addresses() {
    return fleet.addresses();
  }

  /** {@code host:port} of the lab DNS server. */
  String dnsServer() {
    return fleet.dnsServer();
  }

  /** The login (user and password) for the stacks. */
  Properties login() {
    return postgres.connectionProperties();
  }

  String user() {
    return postgres.user();
  }

  String password() {
    return postgres.password();
  }

  /** A connection straight to PostgreSQL, around the fleet: the job producer's. */
  Connection direct() throws SQLException {
    return postgres.connect(database);
  }

  FaultTimeline timeline() {
    return timeline;
  }

  /** Black-holes the addresses at {@code indexes} and freezes the connections open on them. */
  synchronized void killSilently(List<Integer> indexes, String what) {
    long start = clock.getAsLong(); // a request that starts while the faults go on is in the fault
    for (int i : indexes) {
      set(i, Fault.blackholeAndStall());
    }
    mark(start, what);
  }

  /** Does the same to the address {@code address}, if it is one of the fleet's. */
  synchronized void killSilently(InetAddress address, String what) {
    int i = fleet.addresses().indexOf(address.getHostAddress());
    long start = clock.getAsLong();
    if (i >= 0) {
      set(i, Fault.blackholeAndStall());
    }
    mark(start, what);
  }

  /** Slows every address down: each chunk waits {@code delay} each way. */
  synchronized void slowAll(Duration delay, String what) {
    for (int i = 0; i < faults.length; i++) {
      set(i, Fault.latency(delay));
    }
    mark(what);
  }

  /** Stops DNS: the lab server stops answering, and the JVM's hosts file loses the name. */
  synchronized void dnsDown(String what) {
    fleet.dns().setFault(fleet.hostName(), DnsFault.noAnswer());
    try {
      hostsFile.clear();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dnsDown = true;
    mark(what);
  }

  /**
   * Resets every open connection (a proxy restart), then lets new connections through again. The
   * timeline counts the addresses unhealthy for that moment.
   */
  synchronized void dropAllConnections(String what) {
    Fault[] before = faults.clone();
    long start = clock.getAsLong();
    for (int i = 0; i < faults.length; i++) {
      set(i, Fault.reset());
    }
    mark(start, what);
    for (int i = 0; i < faults.length; i++) {
      set(i, before[i]);
    }
    mark(what + " (done)");
  }

  /** Clears every fault, DNS included. */
  synchronized void clear(String what) {
    fleet.clearFaults();
    Arrays.fill(faults, Fault.pass());
    if (dnsDown) {
      try {
        hostsFile.write(fleet.hostName(), fleet.addresses());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dnsDown = false;
    }
    mark(what);
  }

  /** Returns the indexes of the addresses that are healthy now. */
  synchronized List<Integer> healthyIndexes() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < faults.length; i++) {
      if (healthy(faults[i])) {
        out.add(i);
      }
    }
    return out;
  }

  private void set(int index, Fault fault) {
    fleet.fault(index, fault);
    faults[index] = fault;
  }

  private void mark(String what) {
    mark(clock.getAsLong(), what);
  }

  /**
   * Records the fleet's health as of {@code at}: faults that take addresses down are dated from
   * before they were applied (applying twelve of them takes a while, and a request that starts
   * meanwhile is already in the fault); clearing is dated from after, so that a request counts as
   * started while healthy only once the addresses really are.
   */
  private void mark(long at, String what) {
    int healthy = 0;
    boolean killing = false;
    for (Fault f : faults) {
      if (healthy(f)) {
        healthy++;
      }
      killing |=
          f instanceof Fault.BlackholeAndStall
              || f instanceof Fault.StallAfter
              || f instanceof Fault.Reset;
    }
    timeline.mark(at, healthy, killing, what);
  }

  private static boolean healthy(Fault f) {
    return f instanceof Fault.Pass || f instanceof Fault.Latency;
  }

  /** Closes the fleet: every proxied connection ends, which frees threads blocked on them. */
  @Override
  public void close() {
    try {
      fleet.close();
    } finally {
      try {
        postgres.dropDatabase(database);
      } catch (RuntimeException e) {
        // best effort: a throwaway database on a throwaway server
      }
    }
  }
}
