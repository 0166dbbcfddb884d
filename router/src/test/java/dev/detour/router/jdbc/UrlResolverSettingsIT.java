package dev.detour.router.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterRegistry;
import dev.detour.router.TestRouters;
import dev.detour.testkit.dns.DnsServer;
import dev.detour.testkit.pg.TestPostgres;
import dev.detour.testkit.proxy.FaultProxyFleet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact URL of the issue's SNI test, with nothing but the URL: {@code detour.resolver.servers}
 * must reach the resolver of the router the registry builds.
 */
class UrlResolverSettingsIT {

  private static final String HOST = "ep-test-123456.neon.test";

  private DnsServer dns;
  private FaultProxyFleet fleet;

  @BeforeEach
  void start() {
    TestRouters.reset();
    dns = DnsServer.start();
  }

  @AfterEach
  void stop() {
    RouterRegistry.closeAll();
    if (fleet != null) {
      fleet.close();
    }
    dns.close();
  }

  @Test
  void theIssuesSniUrlWorksAsWritten() throws Exception {
    TestPostgres pg = TestPostgres.sharedTls();
    fleet = FaultProxyFleet.start(3, pg.address());
    dns.setA(HOST, Duration.ofSeconds(300), fleet.hostAddresses().toArray(new String[0]));
    String url =
        "jdbc:detour:postgresql://"
            + HOST
            + ":"
            + fleet.port()
            + "/"
            + pg.database()
            + "?sslmode=verify-full&sslrootcert="
            + URLEncoder.encode(pg.caCertificate().toString(), StandardCharsets.UTF_8)
            + "&detour.resolver.servers=127.0.0.1:"
            + dns.port();
    Properties login = new Properties();
    login.setProperty("user", pg.user());
    login.setProperty("password", pg.password());

    RoutedConnection routed = new DetourDriver().connectRouted(url, login);

    int chosen = fleet.addresses().indexOf(routed.address());
    assertThat(chosen).isNotNegative();
    try (Connection c = routed.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
      rs.next();
      assertThat(rs.getBoolean(1)).isTrue();
    }
    assertThat(fleet.sniSeen(chosen)).contains(HOST);
  }
}
