package dev.detour.examples;

import dev.detour.testkit.NeonLikeFleet;
import java.net.InetAddress;
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
 * The smoke demo: proves the lab works end to end on this machine.
 *
 * <ol>
 *   <li>starts the embedded PostgreSQL and a 12-address Neon-like fleet on 127.0.0.x;
 *   <li>resolves the fleet's host name through the lab's DNS server;
 *   <li>runs a query through one of the addresses;
 *   <li>says what it did.
 * </ol>
 */
public final class SmokeDemo {

  private SmokeDemo() {}

  /** Runs the demo; exits non-zero if any step fails. */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    say("Starting embedded PostgreSQL and a 12-address fleet on loopback ...");
    try (NeonLikeFleet fleet = NeonLikeFleet.start()) {
      say("  PostgreSQL %s on %s", version(fleet), fleet.postgres().address());
      say(
          "  fleet      %s -> %d addresses on port %d, DNS at %s",
          fleet.hostName(), fleet.size(), fleet.port(), fleet.dnsServer());

      List<InetAddress> addresses = resolve(fleet);
      say(
          "Resolved %s through the lab DNS server: %d A records %s",
          fleet.hostName(),
          addresses.size(),
          addresses.stream().map(InetAddress::getHostAddress).toList());

      InetAddress target = addresses.get(addresses.size() - 1);
      Properties props = fleet.postgres().connectionProperties();
      props.setProperty("connectTimeout", "5");
      props.setProperty("socketTimeout", "10");
      String url =
          "jdbc:postgresql://"
              + target.getHostAddress()
              + ":"
              + fleet.port()
              + "/"
              + fleet.postgres().database();
      try (Connection c = DriverManager.getConnection(url, props);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("select inet_server_addr() is not null, current_user, now()")) {
        rs.next();
        say(
            "Queried PostgreSQL through %s:%d as %s at %s",
            target.getHostAddress(), fleet.port(), rs.getString(2), rs.getTimestamp(3));
      }
      say(
          "Proxy at %s counted %s",
          target.getHostAddress(), fleet.proxies().counters(addresses.size() - 1));
    }
    say(
        "Smoke demo OK in %.1f s. Everything ran on 127.0.0.0/8.",
        (System.nanoTime() - start) / 1e9);
  }

  private static String version(NeonLikeFleet fleet) throws Exception {
    try (Connection c = fleet.postgres().connectAsSuperuser();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<InetAddress> resolve(NeonLikeFleet fleet) throws Exception {
    Lookup lookup = new Lookup(fleet.hostName(), Type.A);
    lookup.setResolver(new SimpleResolver(fleet.dns().address()));
    lookup.setCache(null);
    Record[] records = lookup.run();
    if (records == null) {
      throw new IllegalStateException(
          "lab DNS did not answer for " + fleet.hostName() + ": " + lookup.getErrorString());
    }
    List<InetAddress> out = new ArrayList<>();
    for (Record r : records) {
      out.add(((ARecord) r).getAddress());
    }
    return out;
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
  }
}
