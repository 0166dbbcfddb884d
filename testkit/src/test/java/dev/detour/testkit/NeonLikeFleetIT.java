package dev.detour.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.testkit.pg.TestPostgres;
import dev.detour.testkit.proxy.Fault;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class NeonLikeFleetIT {

  private static NeonLikeFleet fleet;

  @BeforeAll
  static void start() {
    fleet = NeonLikeFleet.start();
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @AfterEach
  void clear() {
    fleet.clearFaults();
  }

  @Test
  void hostNameResolvesToTwelveLoopbackAddressesThroughTheDnsServer() throws Exception {
    SimpleResolver resolver = new SimpleResolver(fleet.dns().address());
    Lookup lookup = new Lookup(fleet.hostName(), Type.A);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] records = lookup.run();

    assertThat(records).hasSize(12);
    List<String> answered = new ArrayList<>();
    for (Record r : records) {
      answered.add(((ARecord) r).getAddress().getHostAddress());
    }
    assertThat(answered).containsExactlyElementsOf(fleet.addresses());
    assertThat(answered).allMatch(a -> a.startsWith("127.0.0."));
  }

  @Test
  void everyAddressReachesTheSamePostgres() throws Exception {
    TestPostgres pg = fleet.postgres();
    Properties props = pg.connectionProperties();
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "10");
    for (int i : new int[] {0, 5, 11}) {
      String url =
          "jdbc:postgresql://"
              + fleet.addresses().get(i)
              + ":"
              + fleet.port()
              + "/"
              + pg.database();
      try (Connection c = DriverManager.getConnection(url, props);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select current_database()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(pg.database());
      }
      assertThat(fleet.proxies().counters(i).accepted()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void blackholeFirstDropsSynsOnExactlyThoseAddresses() throws Exception {
    fleet.blackholeFirst(8);

    InetSocketAddress dead = new InetSocketAddress(fleet.addresses().get(7), fleet.port());
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(dead, 300)).isInstanceOf(SocketTimeoutException.class);
    }
    InetSocketAddress alive = new InetSocketAddress(fleet.addresses().get(8), fleet.port());
    try (Socket s = new Socket()) {
      s.connect(alive, 5_000);
      assertThat(s.isConnected()).isTrue();
    }
    assertThat(fleet.proxies().fault(0)).isEqualTo(Fault.blackhole());
    assertThat(fleet.proxies().fault(8)).isEqualTo(Fault.pass());
  }

  @Test
  void detourUrlNamesTheHostAndTheDnsServerButNoCredentials() {
    String url = fleet.detourUrl("app");
    assertThat(url)
        .startsWith("jdbc:detour:postgresql://ep-test-123456.neon.test:" + fleet.port() + "/app?")
        .contains("detour.resolver.servers=" + fleet.dnsServer())
        .doesNotContain(fleet.postgres().password());
  }

  @Test
  void rejectsBadSizes() {
    assertThatThrownBy(() -> NeonLikeFleet.start(0, fleet.postgres()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size: 0 (expected: 1 <= size <= 100)");
    assertThatThrownBy(() -> fleet.blackholeFirst(13)).hasMessage("k: 13 (expected: 0 <= k <= 12)");
  }
}
