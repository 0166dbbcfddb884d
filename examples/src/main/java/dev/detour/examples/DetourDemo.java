package dev.detour.examples;

import dev.detour.resolver.HostResolver;
import dev.detour.resolver.ResolvedHost;
import dev.detour.router.AddressHealth;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.RouterEventListener;
import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.HdrHistogram.Histogram;

/**
 * The main demo: the 2025-12-08 incident in miniature, on loopback, with and without Detour.
 *
 * <ol>
 *   <li>Starts an embedded PostgreSQL and a Neon-like fleet: one host name, 12 addresses (A records
 *       on the lab DNS server), each a proxy to that PostgreSQL.
 *   <li>Resolves the name with Detour's resolver, through the lab DNS server.
 *   <li>Black-holes 8 of the 12 addresses (SYNs dropped), as some Neon addresses hung.
 *   <li>Connects the way the incident's driver did (libpq/psycopg: each address in DNS order, each
 *       with its own timeout), then 50 times through {@code jdbc:detour:}.
 *   <li>Shows what the router learned, then takes every address down: Detour fails in under a
 *       millisecond with the reason, instead of hanging.
 *   <li>Clears the faults and waits for background probes to re-admit the addresses.
 * </ol>
 *
 * <p>Everything stays on 127.0.0.0/8. Every wait is bounded. Exits non-zero if a step fails.
 */
public final class DetourDemo {

  private static final int BAD = 8;

  private DetourDemo() {}

  /** Runs the demo. */
  public static void main(String[] args) throws Exception {
    long demoStart = System.nanoTime();
    title("Detour demo: 12 addresses, 8 of them hang (the 2025-12-08 incident, on loopback)");
    say("Starting an embedded PostgreSQL and a 12-address fleet ...");
    try (NeonLikeFleet fleet = NeonLikeFleet.start()) {
      String db = fleet.postgres().database();
      Properties login = fleet.postgres().connectionProperties();
      say("  PostgreSQL %s at %s", serverVersion(fleet), fleet.postgres().address());
      say("  %s -> 12 A records on the lab DNS server %s", fleet.hostName(), fleet.dnsServer());

      title("1. Resolve the name with Detour's resolver");
      try (HostResolver resolver =
          HostResolver.builder()
              .servers(List.of(fleet.dns().address()))
              .useHostsFile(false)
              .build()) {
        ResolvedHost host = resolver.resolve(fleet.hostName());
        say(
            "  %d addresses, source %s: %s",
            host.addresses().size(), host.source(), text(host.addresses()));
        long t = System.nanoTime();
        resolver.resolve(fleet.hostName());
        say("  a second resolve() is a cache hit: %s", human(System.nanoTime() - t));
      }

      title("2. Black-hole the first 8 addresses (SYNs dropped: connect() hangs)");
      fleet.blackholeFirst(BAD);
      say("  hanging: %s", fleet.addresses().subList(0, BAD));
      say("  healthy: %s", fleet.addresses().subList(BAD, 12));

      title(
          "3. Without Detour: each address in turn, each with its own 1 s timeout (libpq, psycopg)");
      long t = System.nanoTime();
      InetSocketAddress reached = sequentialConnect(fleet, 1000);
      say(
          "  one connect took %s before it reached %s (8 timeouts x 1 s).",
          seconds(System.nanoTime() - t), reached);
      say("  With the incident's timeouts and retries this is how requests stuck for minutes.");

      title("4. With Detour: 50 connects through jdbc:detour:");
      String url = fleet.detourUrl(db);
      Router router =
          RouterRegistry.shared(
              RouterConfig.fromProperties(Map.of("detour.resolver.servers", fleet.dnsServer())));
      CountDownLatch learned = new CountDownLatch(BAD);
      AutoCloseable learning =
          countTransitions(
              router,
              (from, to) -> from == AddressHealth.State.CLOSED && to == AddressHealth.State.OPEN,
              learned);
      long routedStart = System.nanoTime();
      say("  URL: %s", url);
      Histogram latency = new Histogram(60_000_000L, 3);
      long first = 0;
      for (int i = 0; i < 50; i++) {
        long s = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, login);
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("select 1")) {
          rs.next();
        }
        long took = System.nanoTime() - s;
        if (i == 0) {
          first = took;
        }
        latency.recordValue(Math.max(1, took / 1000));
      }
      say("  first connect (cold router): %s", millis(first));
      say(
          "  all 50: p50 %.1f ms, p99 %.1f ms, max %.1f ms, 0 failures",
          latency.getValueAtPercentile(50) / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0,
          latency.getMaxValue() / 1000.0);

      title("5. What the router learned (per-address health)");
      say("  (attempts that lost the race run on in the background to their own timeout, so the");
      say("   router learns which addresses hang without making any caller wait for them)");
      boolean allLearned = learned.await(15, TimeUnit.SECONDS);
      learning.close();
      say(
          "  %s hanging addresses ejected %s after the first connect",
          allLearned ? "all 8" : (BAD - learned.getCount()) + " of 8",
          human(System.nanoTime() - routedStart));
      printHealth(router.health(fleet.hostName(), fleet.port()));

      title("6. Every address goes down: fail fast, with the reason");
      for (int i = BAD; i < 12; i++) {
        fleet.blackhole(i);
      }
      t = System.nanoTime();
      String firstFailure = failure(url, login);
      say(
          "  first connect after the outage: failed in %s (the 10 s budget bounds it)",
          seconds(System.nanoTime() - t));
      say("    %s", firstFailure);
      t = System.nanoTime();
      String fastFailure = failure(url, login);
      say(
          "  next connect: failed in %s, without touching the network:",
          human(System.nanoTime() - t));
      say("    %s", fastFailure);

      title("7. The addresses come back: background probes re-admit them");
      CountDownLatch readmitted = new CountDownLatch(12);
      try (AutoCloseable sub =
          countTransitions(router, (from, to) -> to != AddressHealth.State.OPEN, readmitted)) {
        t = System.nanoTime();
        fleet.clearFaults();
        boolean all = readmitted.await(90, TimeUnit.SECONDS);
        say(
            "  %s addresses re-admitted by probes within %s, with no user traffic",
            all ? "all 12" : (12 - readmitted.getCount()) + " of 12",
            seconds(System.nanoTime() - t));
      }
      try (Connection c = DriverManager.getConnection(url, login);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select inet_server_addr(), current_user")) {
        rs.next();
        say("  and a query runs again: connected as %s", rs.getString(2));
      }
    } finally {
      RouterRegistry.closeAll();
    }
    title("Done");
    say(
        "Demo finished in %s. Everything ran on 127.0.0.0/8.",
        seconds(System.nanoTime() - demoStart));
  }

  /** Counts down {@code latch} on every breaker transition that {@code which} accepts. */
  private static AutoCloseable countTransitions(
      Router router,
      BiPredicate<AddressHealth.State, AddressHealth.State> which,
      CountDownLatch latch) {
    return router.addListener(
        new RouterEventListener() {
          @Override
          public void breakerTransition(
              InetSocketAddress address,
              AddressHealth.State from,
              AddressHealth.State to,
              String reason) {
            if (which.test(from, to)) {
              latch.countDown();
            }
          }
        });
  }

  private static InetSocketAddress sequentialConnect(NeonLikeFleet fleet, int timeoutMillis)
      throws Exception {
    for (String a : fleet.addresses()) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(a), fleet.port());
      try (Socket s = new Socket()) {
        s.connect(address, timeoutMillis);
        return address;
      } catch (java.io.IOException e) {
        // next address, as libpq does
      }
    }
    throw new IllegalStateException("no address answered");
  }

  private static String failure(String url, Properties login) {
    try (Connection ignored = DriverManager.getConnection(url, login)) {
      throw new IllegalStateException("expected the connect to fail");
    } catch (SQLException e) {
      String m = e.getMessage();
      return "SQLState "
          + e.getSQLState()
          + ": "
          + (m.length() > 400 ? m.substring(0, 400) + " ..." : m);
    }
  }

  private static void printHealth(List<AddressHealth> health) {
    say("  %-18s %-9s %8s  %s", "address", "state", "rtt", "last failure");
    for (AddressHealth h : health) {
      say(
          "  %-18s %-9s %8s  %s",
          h.address().getAddress().getHostAddress(),
          h.state(),
          h.rttEwmaNanos() > 0 ? String.format(Locale.ROOT, "%.2fms", h.rttEwmaNanos() / 1e6) : "-",
          h.lastFailure().orElse(""));
    }
  }

  private static String serverVersion(NeonLikeFleet fleet) throws SQLException {
    try (Connection c = fleet.postgres().connectAsSuperuser();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String text(List<InetAddress> addresses) {
    return addresses.stream().map(InetAddress::getHostAddress).toList().toString();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String human(long nanos) {
    if (nanos < 1_000_000L) {
      return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
    if (nanos < 1_000_000_000L) {
      return millis(nanos);
    }
    return seconds(nanos);
  }

  private static void title(String text) {
    System.out.println();
    System.out.println("== " + text);
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
