package dev.detour.router.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.jdbc.TestFailures;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ConnectFailuresTest {

  private static SQLException pg(String state, Throwable cause) {
    return new SQLException("pgjdbc says no", state, cause);
  }

  @Test
  void ioFailuresBlameTheAddress() {
    assertThat(ConnectFailures.blamesAddress(pg("08006", new SocketException("reset")), false))
        .isTrue();
    assertThat(ConnectFailures.blamesAddress(pg("08006", new EOFException()), false)).isTrue();
    assertThat(
            ConnectFailures.blamesAddress(pg("08001", new SocketTimeoutException("read")), false))
        .isTrue();
  }

  @Test
  void serverErrorsAndCertificateFailuresDoNotBlameTheAddress() {
    assertThat(ConnectFailures.blamesAddress(pg("28P01", null), false)).isFalse();
    assertThat(
            ConnectFailures.blamesAddress(
                pg("08006", new SSLHandshakeException("PKIX path building failed")), false))
        .isFalse();
  }

  @Test
  void anExpiredBudgetAlwaysBlames() {
    assertThat(ConnectFailures.blamesAddress(pg("08001", null), true)).isTrue();
  }

  @Test
  void noHealthyAddressBecomes08001WithTheRoutersMessage() {
    NoHealthyAddressException cause =
        TestFailures.noHealthyAddress("h:5432: no healthy address (12 open)");

    SQLException e =
        ConnectFailures.translate(
            pg("08001", cause), "h", 5432, Duration.ofSeconds(10), false, Optional.empty());

    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).isEqualTo("h:5432: no healthy address (12 open)");
    assertThat(e.getCause()).isSameAs(cause);
  }

  @Test
  void unknownHostBecomes08001NamingTheHost() {
    SQLException e =
        ConnectFailures.translate(
            pg("08001", new UnknownHostException("NXDOMAIN")),
            "nope.test",
            5432,
            Duration.ofSeconds(10),
            false,
            Optional.empty());

    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).startsWith("nope.test: NXDOMAIN").contains("did not resolve");
  }

  @Test
  void expiredBudgetNamesHostBudgetAndTheKeyToRaise() {
    SQLException e =
        ConnectFailures.translate(
            pg("08006", new SocketException("Socket closed")),
            "h",
            5432,
            Duration.ofSeconds(10),
            true,
            Optional.empty());

    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage())
        .startsWith("h:5432: connection not ready within the 10s budget")
        .contains("detour.router.connectBudget");
  }

  @Test
  void serverErrorsPassThroughUnchanged() {
    SQLException original = pg("28P01", null);

    Object translated =
        ConnectFailures.translate(
            original, "h", 5432, Duration.ofSeconds(10), true, Optional.empty());

    assertThat(translated).isSameAs(original);
  }

  @Test
  void uncheckedIllegalArgumentBecomes22023NamingHostAndPort() {
    IllegalArgumentException bad = new IllegalArgumentException("host: 'a..b' has an empty label");

    SQLException e = ConnectFailures.unchecked(bad, "a..b", 5432, java.util.Set.of("hunter2"));

    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage()).isEqualTo("a..b:5432: host: 'a..b' has an empty label");
    assertThat(e.getCause()).isSameAs(bad);
  }

  @Test
  void aSecretAnywhereInTheCauseChainIsMaskedAndTheCauseLeftOff() {
    RuntimeException deep =
        new IllegalStateException("wrapped", new RuntimeException("login hunter2 refused"));
    RuntimeException inUrl =
        new IllegalStateException("bad jdbc:postgresql://h/db?password=zq;zz&x=1");

    SQLException first = ConnectFailures.unchecked(deep, "h", 5432, java.util.Set.of("hunter2"));
    SQLException second = ConnectFailures.unchecked(inUrl, "h", 5432, java.util.Set.of());

    assertThat(first.getSQLState()).isEqualTo("08001");
    assertThat(first.getCause()).isNull();
    assertThat(first.getMessage())
        .isEqualTo("h:5432: connect failed with java.lang.IllegalStateException: wrapped");
    assertThat(second.getMessage()).doesNotContain("zz").contains("password=***&x=1");
    assertThat(second.getCause()).isNull();
  }
}
