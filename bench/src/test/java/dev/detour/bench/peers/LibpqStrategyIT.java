package dev.detour.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import dev.detour.testkit.proxy.Fault;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * libpq's strategy as the suite runs it, on a real fleet of three addresses (embedded PostgreSQL,
 * the lab DNS server, fault proxies): each address in DNS order, each a whole connect bounded by
 * {@code connect_timeout}, the startup included, so a stalled address costs its timeout and no
 * more, and the next one is tried.
 */
class LibpqStrategyIT {

  /** libpq's connect_timeout in these tests. */
  private static final int TIMEOUT_SECONDS = 1;

  /**
   * Margin over the timeouts for the healthy address's own connect and the abandoned attempts'
   * hand-over, on a 2-core machine shared with other builds (a loaded full connect was seen at 0.5
   * s).
   */
  private static final Duration LOAD_MARGIN = Duration.ofSeconds(3);

  private NeonLikeFleet fleet;

  @BeforeEach
  void start() {
    fleet = NeonLikeFleet.start(3, TestPostgres.shared());
  }

  @AfterEach
  void stop() {
    fleet.close();
  }

  @Test
  void aStalledStartupCostsItsTimeoutThenTheNextAddressIsTried() {
    fleet.fault(0, Fault.acceptThenStall());
    fleet.blackhole(1);

    Attempt a = connect();

    assertThat(a.outcome()).as(a.detail()).isEqualTo(Attempt.Outcome.OK);
    // two addresses, each its whole timeout: the stalled startup and the black-holed TCP connect
    assertThat(Duration.ofNanos(a.nanos()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2L * TIMEOUT_SECONDS))
        .isLessThan(Duration.ofSeconds(2L * TIMEOUT_SECONDS).plus(LOAD_MARGIN));
  }

  @Test
  void everyAddressStalledFailsAfterOneTimeoutEach() {
    for (int i = 0; i < 3; i++) {
      fleet.fault(i, Fault.acceptThenStall());
    }

    Attempt a = connect();

    assertThat(a.outcome()).isEqualTo(Attempt.Outcome.FAILED);
    assertThat(a.detail()).startsWith("3 addresses tried");
    assertThat(Duration.ofNanos(a.nanos()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3L * TIMEOUT_SECONDS))
        .isLessThan(Duration.ofSeconds(3L * TIMEOUT_SECONDS).plus(LOAD_MARGIN));
  }

  private Attempt connect() {
    Properties login = fleet.postgres().connectionProperties();
    return LibpqStrategy.connect(
        fleet.hostName(),
        fleet.dnsServer(),
        fleet.port(),
        fleet.postgres().database(),
        login,
        TIMEOUT_SECONDS);
  }
}
