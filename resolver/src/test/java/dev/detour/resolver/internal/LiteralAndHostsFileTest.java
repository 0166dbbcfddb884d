package dev.detour.resolver.internal;

import static dev.detour.resolver.internal.Fixture.ips;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.resolver.AddressOrder;
import dev.detour.resolver.AddressSource;
import dev.detour.resolver.ResolvedHost;
import dev.detour.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiteralAndHostsFileTest {

  @TempDir Path dir;

  @Test
  void ipv4LiteralIsReturnedWithoutAnyQuery() throws Exception {
    try (Fixture f = new Fixture()) {
      ResolvedHost host = f.resolver.resolve("127.0.0.5");
      assertThat(host.source()).isEqualTo(AddressSource.LITERAL);
      assertThat(ips(host)).containsExactly("127.0.0.5");
      assertThat(f.dns.log()).isEmpty();
      assertThat(f.clock.pendingTasks()).isZero();
    }
  }

  @Test
  void ipv6LiteralsWithAndWithoutBracketsAreReturnedWithoutAnyQuery() throws Exception {
    try (Fixture f = new Fixture()) {
      assertThat(ips(f.resolver.resolve("::1"))).containsExactly("0:0:0:0:0:0:0:1");
      assertThat(ips(f.resolver.resolve("[::1]"))).containsExactly("0:0:0:0:0:0:0:1");
      assertThat(f.resolver.resolve("::1").source()).isEqualTo(AddressSource.LITERAL);
      assertThat(f.dns.log()).isEmpty();
    }
  }

  @Test
  void numericLookingNamesThatAreNotLiteralsGoToDns() throws Exception {
    try (Fixture f = new Fixture()) {
      f.dns.a("1.2.3.4.5", 60, "127.0.0.9");
      assertThat(ips(f.resolveNow("1.2.3.4.5"))).containsExactly("127.0.0.9");
      assertThat(f.dns.count("1.2.3.4.5", "A")).isEqualTo(1);
    }
  }

  @Test
  void hostsFileIsConsultedBeforeDnsAndCollectsEveryLine() throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(
        hosts,
        "# fleet\n127.0.0.1 localhost\n127.0.0.2 DB.fleet.test db\n127.0.0.3\tdb.fleet.test"
            + "  # second\n::1 db.fleet.test\nnot-an-ip bad.test\n");
    try (Fixture f = new Fixture(b -> b.useHostsFile(true).hostsFile(hosts))) {
      f.dns.a("db.fleet.test", 60, "127.0.0.99");
      ResolvedHost host = f.resolver.resolve("db.fleet.test");
      assertThat(host.source()).isEqualTo(AddressSource.HOSTS_FILE);
      assertThat(ips(host)).containsExactly("127.0.0.2", "127.0.0.3", "0:0:0:0:0:0:0:1");
      assertThat(ips(f.resolver.resolve("DB"))).containsExactly("127.0.0.2");
      assertThat(f.dns.log()).isEmpty();
    }
  }

  @Test
  void hostsFileHonoursTheAddressOrder() throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.2 db.test\n::1 db.test\n::1 v6only.test\n");
    try (Fixture f =
        new Fixture(b -> b.useHostsFile(true).hostsFile(hosts).order(AddressOrder.IPV4_ONLY))) {
      assertThat(ips(f.resolver.resolve("db.test"))).containsExactly("127.0.0.2");
      f.dns.a("v6only.test", 60, "127.0.0.7");
      // no IPv4 address in the file: DNS answers
      assertThat(ips(f.resolveNow("v6only.test"))).containsExactly("127.0.0.7");
    }
  }

  @Test
  void hostsFileChangesAreReloaded() throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.2 db.test\n");
    try (Fixture f = new Fixture(b -> b.useHostsFile(true).hostsFile(hosts))) {
      ResolvedHost before = f.resolver.resolve("db.test");
      Files.writeString(hosts, "127.0.0.3 db.test\n");
      Files.setLastModifiedTime(
          hosts, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
      f.clock.advance(Duration.ofSeconds(6));
      f.resolver.resolve("db.test"); // notices the check is due
      f.clock.runUntilIdle();
      ResolvedHost after = f.resolver.resolve("db.test");
      assertThat(ips(after)).containsExactly("127.0.0.3");
      assertThat(after.generation()).isEqualTo(before.generation() + 1);
    }
  }

  @Test
  void theHostsFileIsFirstReadByTheFirstLookupNotWhenTheResolverIsBuilt() throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.2 db.test\n");
    try (Fixture f = new Fixture(b -> b.useHostsFile(true).hostsFile(hosts))) {
      // written after the build, before any lookup: the first lookup reads it
      Files.writeString(hosts, "127.0.0.3 db.test\n");
      ResolvedHost first = f.resolver.resolve("db.test");
      assertThat(first.source()).isEqualTo(AddressSource.HOSTS_FILE);
      assertThat(ips(first)).containsExactly("127.0.0.3");
      assertThat(first.generation()).isEqualTo(1);
      assertThat(f.dns.log()).isEmpty();
    }
  }

  @Test
  void aHostsTableReadsItsFileOnceAndThenOnlyWhenACheckIsDue() throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.2 db.test\n");
    FakeClock clock = new FakeClock();
    HostsTable table = new HostsTable(hosts, AddressOrder.IPV4_FIRST, clock);
    assertThat(table.checkDue(clock.nanoTime())).as("nothing read yet: no check due").isFalse();

    assertThat(ips(table.get("db.test"))).containsExactly("127.0.0.2");
    Files.writeString(hosts, "127.0.0.3 db.test\n");
    Files.setLastModifiedTime(
        hosts, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    assertThat(ips(table.get("db.test")))
        .as("read once, not per lookup")
        .containsExactly("127.0.0.2");
    assertThat(table.checkDue(clock.nanoTime())).isFalse();

    clock.advance(Duration.ofSeconds(5));
    assertThat(table.checkDue(clock.nanoTime())).isTrue();
    table.reloadIfChanged();
    assertThat(ips(table.get("db.test"))).containsExactly("127.0.0.3");
  }

  @Test
  void missingHostsFileMeansDnsOnly() throws Exception {
    try (Fixture f = new Fixture(b -> b.useHostsFile(true).hostsFile(dir.resolve("absent")))) {
      f.dns.a("db.test", 60, "127.0.0.1");
      assertThat(f.resolveNow("db.test").source()).isEqualTo(AddressSource.DNS);
    }
  }
}
