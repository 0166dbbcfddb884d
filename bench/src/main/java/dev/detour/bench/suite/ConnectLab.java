package dev.detour.bench.suite;

import dev.detour.bench.peers.ConnectPeer;
import dev.detour.bench.peers.FreshJvmPeer;
import dev.detour.bench.peers.HostsFilePeer;
import dev.detour.bench.peers.JdbcPeer;
import dev.detour.bench.peers.LabTarget;
import dev.detour.bench.peers.LibpqStrategy;
import dev.detour.bench.peers.LibpqStrategyPeer;
import dev.detour.bench.peers.PsqlPeer;
import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The connect scenarios' lab and clients: the 12-address fleet, the DNS order the scenarios set,
 * and every client measured on it, Detour and its peers, each under one fixed name.
 */
final class ConnectLab implements AutoCloseable {

  /** libpq's {@code connect_timeout} for its strategy, per address, as psql's row uses. */
  static final int LIBPQ_CONNECT_TIMEOUT_SECONDS = 2;

  static final String PGJDBC = "pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION;
  static final String AWS =
      "AWS JDBC Wrapper " + software.amazon.jdbc.util.DriverInfo.DRIVER_VERSION;

  static final String PLAIN_ONE_ADDRESS = PGJDBC + ", one address (IP in URL), this JVM";
  static final String PLAIN_FIRST = PGJDBC + ", defaults, first address (hosts file)";
  static final String PLAIN_TIMEOUTS =
      PGJDBC + ", 12 hosts in URL, connectTimeout=2, loginTimeout=10";
  static final String AWS_WRAPPER = AWS + ", default plugins, connectTimeout=2 (hosts file)";
  static final String LIBPQ_STRATEGY = LibpqStrategy.name(LIBPQ_CONNECT_TIMEOUT_SECONDS);
  static final String PSQL_ABSENT = "psql (libpq), connect_timeout=2";
  static final String DETOUR_WARM = "Detour jdbc:detour:, warm router";
  static final String DETOUR_COLD = "Detour jdbc:detour:, cold router (new per connect)";

  private static final Duration TTL = Duration.ofSeconds(60);

  final NeonLikeFleet fleet;
  private final List<String> addresses;
  private List<String> order;
  private int position;
  private final LabTarget base;
  final Optional<PsqlPeer> psql;
  final List<ConnectPeer> peers = new ArrayList<>();
  final ConnectPeer plainOneAddress;
  final ConnectPeer detourWarm;
  final ConnectPeer detourCold;

  ConnectLab(NeonLikeFleet fleet, SuiteMode mode, long seed) throws IOException {
    this.fleet = fleet;
    this.addresses = List.copyOf(fleet.addresses());
    this.order = addresses;
    Properties login = fleet.postgres().connectionProperties();
    this.base =
        new LabTarget(
            fleet.hostName(),
            fleet.port(),
            fleet.postgres().database(),
            fleet.dnsServer(),
            addresses,
            login.getProperty("user"),
            login.getProperty("password"));
    this.psql = PsqlPeer.find();
    String detourUrl = fleet.detourUrl(base.database());
    plainOneAddress =
        new JdbcPeer(
            PLAIN_ONE_ADDRESS,
            t -> "jdbc:postgresql://" + addresses.get(0) + ":" + t.port() + "/" + t.database(),
            new Properties(),
            () -> {});
    detourWarm = new JdbcPeer(DETOUR_WARM, t -> detourUrl, new Properties(), () -> {});
    detourCold =
        new JdbcPeer(DETOUR_COLD, t -> detourUrl, new Properties(), RouterRegistry::closeAll);
    peers.add(new HostsFilePeer(PLAIN_FIRST, "jdbc:postgresql://", "", base, mode.children, seed));
    Properties timeouts = new Properties();
    timeouts.setProperty("connectTimeout", "2");
    timeouts.setProperty("loginTimeout", "10");
    peers.add(new JdbcPeer(PLAIN_TIMEOUTS, ConnectLab::multiHostUrl, timeouts, () -> {}));
    peers.add(
        new HostsFilePeer(
            AWS_WRAPPER,
            "jdbc:aws-wrapper:postgresql://",
            "connectTimeout=2",
            base,
            mode.children,
            seed + 1));
    peers.add(new LibpqStrategyPeer(LIBPQ_CONNECT_TIMEOUT_SECONDS));
    psql.ifPresent(peers::add);
  }

  /** The peers' names in table order, the psql row included whether or not it is present. */
  List<String> peerNames() {
    List<String> names = new ArrayList<>(peers.stream().map(ConnectPeer::name).toList());
    if (psql.isEmpty()) {
      names.add(PSQL_ABSENT);
    }
    return names;
  }

  /** Why the psql row is empty, when it is. */
  static String psqlAbsentReason() {
    return "absent: no psql on this machine's PATH (the optional real-libpq column)";
  }

  /** The target with the current DNS order. */
  LabTarget target() {
    return base.withOrder(order);
  }

  /**
   * Serves the addresses starting at index {@code position} (then wrapping), so that a scenario's
   * rounds cover every position of a run of dead addresses.
   */
  void orderFrom(int position) {
    this.position = position;
    List<String> rotated = new ArrayList<>(addresses);
    Collections.rotate(rotated, -position);
    order = List.copyOf(rotated);
    fleet.dns().setA(fleet.hostName(), TTL, order.toArray(String[]::new));
  }

  /** The position the DNS answer starts at now ({@link #orderFrom}). */
  int position() {
    return position;
  }

  /** Cold-JVM clients: each attempt is the first connect of a new JVM. */
  List<ConnectPeer> freshJvmPeers() throws IOException {
    Path hosts = HostsFilePeer.hostsFile(base.hostName(), base.dnsOrder());
    String detourUrl = fleet.detourUrl(base.database());
    List<ConnectPeer> list = new ArrayList<>();
    list.add(
        new FreshJvmPeer(
            PLAIN_FIRST,
            t -> "jdbc:postgresql://" + t.hostName() + ":" + t.port() + "/" + t.database(),
            "",
            hosts));
    list.add(
        new FreshJvmPeer(
            PLAIN_TIMEOUTS, ConnectLab::multiHostUrl, "connectTimeout=2&loginTimeout=10", null));
    list.add(
        new FreshJvmPeer(
            AWS_WRAPPER,
            t ->
                "jdbc:aws-wrapper:postgresql://"
                    + t.hostName()
                    + ":"
                    + t.port()
                    + "/"
                    + t.database(),
            "connectTimeout=2",
            hosts));
    list.add(
        new FreshJvmPeer(
            LIBPQ_STRATEGY, t -> LibpqStrategy.url(t, LIBPQ_CONNECT_TIMEOUT_SECONDS), "", null));
    psql.ifPresent(list::add);
    list.add(new FreshJvmPeer("Detour jdbc:detour:, new JVM", t -> detourUrl, "", null));
    return list;
  }

  static String multiHostUrl(LabTarget t) {
    String hosts =
        t.dnsOrder().stream().map(a -> a + ":" + t.port()).collect(Collectors.joining(","));
    return "jdbc:postgresql://" + hosts + "/" + t.database();
  }

  @Override
  public void close() {
    for (ConnectPeer p : peers) {
      p.close();
    }
    plainOneAddress.close();
    detourWarm.close();
    detourCold.close();
    RouterRegistry.closeAll();
  }
}
