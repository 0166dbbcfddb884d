package dev.detour.bench.peers;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * libpq's connection strategy, reproduced with pgjdbc for side-by-side figures: resolve the host
 * name (through the lab's DNS server, as libpq asks the system resolver), then try the addresses
 * one after another in DNS order, each as a whole connect of its own with a single host in the URL
 * and libpq's {@code connect_timeout} as its bound: TCP, the startup and SCRAM auth must all finish
 * within it ({@code connectTimeout} for TCP and {@code loginTimeout} for the whole connect, both
 * {@code connect_timeout}; {@code socketTimeout} the same, only so that a thread abandoned by the
 * login timeout is freed when its read times out). The first address that connects runs {@code
 * SELECT 1}; the time runs from the DNS query to its result.
 */
public final class LibpqStrategy {

  /**
   * The row name of this client.
   *
   * @param connectTimeoutSeconds libpq's {@code connect_timeout}, per address
   * @return the name, with the timeout
   */
  public static String name(int connectTimeoutSeconds) {
    return "libpq strategy (pgjdbc, each address in turn, connect_timeout="
        + connectTimeoutSeconds
        + " covering startup and auth)";
  }

  /** The scheme of this client's URLs, for a child JVM ({@link PeerChild}). */
  static final String SCHEME = "libpq-strategy://";

  private LibpqStrategy() {}

  /**
   * The URL of one connect to {@code target}, for a child JVM: {@code
   * libpq-strategy://host:port/db?dns=host:port&connect_timeout=N}.
   *
   * @param target the lab
   * @param connectTimeoutSeconds libpq's {@code connect_timeout}, per address
   * @return the URL
   */
  public static String url(LabTarget target, int connectTimeoutSeconds) {
    return SCHEME
        + target.hostName()
        + ":"
        + target.port()
        + "/"
        + target.database()
        + "?dns="
        + target.dnsServer()
        + "&connect_timeout="
        + connectTimeoutSeconds;
  }

  /** One connect to a URL of {@link #url}, on the calling thread. */
  static Attempt connect(String url, Properties login) {
    URI u = URI.create("http://" + url.substring(SCHEME.length()));
    String dns = null;
    int timeout = 2;
    for (String pair : u.getQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals("dns")) {
        dns = kv[1];
      } else if (kv[0].equals("connect_timeout")) {
        timeout = Integer.parseInt(kv[1]);
      }
    }
    return connect(u.getHost(), dns, u.getPort(), u.getPath().substring(1), login, timeout);
  }

  /**
   * One connect in libpq's way, on the calling thread; bounded by {@code connectTimeoutSeconds} per
   * address.
   *
   * @param hostName the name to resolve
   * @param dnsServer {@code host:port} of the DNS server to ask
   * @param port the port of every address
   * @param database the database
   * @param login {@code user} and {@code password}
   * @param connectTimeoutSeconds libpq's {@code connect_timeout}, per address, at least 1
   * @return the timed outcome: ok after the first {@code SELECT 1}, or failed with the last error
   */
  public static Attempt connect(
      String hostName,
      String dnsServer,
      int port,
      String database,
      Properties login,
      int connectTimeoutSeconds) {
    if (connectTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "connectTimeoutSeconds: " + connectTimeoutSeconds + " (expected: >= 1)");
    }
    long start = System.nanoTime();
    List<String> addresses;
    try {
      addresses = resolve(hostName, dnsServer);
    } catch (Exception e) {
      return Attempt.failed(System.nanoTime() - start, JdbcPeer.oneLine(e));
    }
    Properties props = (Properties) login.clone();
    String timeout = Integer.toString(connectTimeoutSeconds);
    props.setProperty("connectTimeout", timeout);
    props.setProperty("loginTimeout", timeout);
    props.setProperty("socketTimeout", timeout);
    props.setProperty("sslmode", "disable");
    String last = "no address";
    for (String address : addresses) {
      String url = "jdbc:postgresql://" + address + ":" + port + "/" + database;
      try (Connection c = DriverManager.getConnection(url, props);
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT 1")) {
        if (r.next() && r.getInt(1) == 1) {
          return Attempt.ok(System.nanoTime() - start);
        }
        last = address + ": SELECT 1 returned no 1";
      } catch (Exception e) {
        last = address + ": " + JdbcPeer.oneLine(e);
      }
    }
    return Attempt.failed(
        System.nanoTime() - start, addresses.size() + " addresses tried; last: " + last);
  }

  /** The A records of {@code hostName} from {@code dnsServer}, in the order it served them. */
  static List<String> resolve(String hostName, String dnsServer) throws Exception {
    int colon = dnsServer.lastIndexOf(':');
    SimpleResolver resolver = new SimpleResolver(dnsServer.substring(0, colon));
    resolver.setPort(Integer.parseInt(dnsServer.substring(colon + 1)));
    Lookup lookup = new Lookup(hostName, Type.A);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] records = lookup.run();
    if (records == null) {
      throw new UnknownHostException(hostName + ": " + lookup.getErrorString());
    }
    List<String> out = new ArrayList<>();
    for (Record rec : records) {
      InetAddress a = ((ARecord) rec).getAddress();
      out.add(a.getHostAddress());
    }
    return out;
  }
}
