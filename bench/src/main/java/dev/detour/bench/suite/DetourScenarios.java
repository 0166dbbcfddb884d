package dev.detour.bench.suite;

import dev.detour.bench.peers.Attempt;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.RouterRegistry;
import java.io.IOException;
import java.util.Map;

/**
 * The parts of the connect scenarios that only Detour has, because only Detour keeps routing state
 * between connects: a warm router, and fast-fail once every address is known down. One connect at a
 * time, so that CPU contention does not blur millisecond figures. The peers get a row in each of
 * these scenarios that says why they have no figure of their own. (A new router's first connects,
 * stalled handshakes over many connects and bursts come from the router's own {@code
 * LearningScenarios}, through {@link LearningSection}.)
 */
final class DetourScenarios {

  static final String WARM = "Detour jdbc:detour:, warm router";
  static final String FAST_FAIL_JDBC = "Detour jdbc:detour:, fast-fail once learned (08001)";
  static final String FAST_FAIL_ROUTER = "Detour Router.connect, fast-fail once learned";

  private final ConnectLab lab;
  private final SuiteMode mode;
  private final SuiteResults results;
  private final String url;

  DetourScenarios(ConnectLab lab, SuiteMode mode, SuiteResults results) {
    this.lab = lab;
    this.mode = mode;
    this.results = results;
    this.url = lab.fleet.detourUrl(lab.fleet.postgres().database());
  }

  /** 8/12 black-holed, one router that has learned the fleet. */
  void warm() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(8);
    warmRows(ConnectScenarios.WARM, mode.warmSamples);
  }

  /** 11/12 black-holed, one router that has learned the fleet. */
  void lastOneWarm() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(11);
    ResultRow row = results.row(ConnectScenarios.LAST_ONE, WARM);
    RouterRegistry.closeAll();
    for (int i = 0; i < 20; i++) {
      connect();
    }
    for (int i = 0; i < mode.warmSamples / 2; i++) {
      row.record(connect(), mode.deadline.toNanos());
    }
    row.note("20 untimed connects first, so that the router has learned the fleet");
  }

  /** Every address black-holed, once the router knows it: how fast a connect fails. */
  void fastFail() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(12);
    RouterRegistry.closeAll();
    Router router =
        RouterRegistry.shared(
            RouterConfig.fromProperties(Map.of("detour.resolver.servers", lab.fleet.dnsServer())));
    long learnUntil = System.nanoTime() + 60_000_000_000L;
    boolean learned = false;
    while (!learned && System.nanoTime() < learnUntil) {
      learned = fastFailed(router);
    }
    ResultRow jdbc = results.row(ConnectScenarios.ALL_DOWN, FAST_FAIL_JDBC);
    for (int i = 0; i < mode.fastFailSamples; i++) {
      jdbc.record(connect(), mode.deadline.toNanos());
    }
    jdbc.note("failing is the expected outcome: SQLState 08001 without dialing");
    ResultRow direct = results.row(ConnectScenarios.ALL_DOWN, FAST_FAIL_ROUTER);
    for (int i = 0; i < 10 * mode.fastFailSamples; i++) {
      long start = System.nanoTime();
      boolean fast = fastFailed(router);
      long took = System.nanoTime() - start;
      direct.record(
          fast ? Attempt.ok(took) : Attempt.failed(took, "not a fast-fail"),
          mode.deadline.toNanos());
    }
    direct.note("ok counts NoHealthyAddressException.isFastFail(); fail counts anything else");
    if (!learned) {
      direct.note("the router did not reach fast-fail within 60 s of learning");
    }
  }

  private void warmRows(String scenario, int samples) {
    statelessPeerRows(scenario);
    ResultRow row = results.row(scenario, WARM);
    RouterRegistry.closeAll();
    for (int i = 0; i < 20; i++) {
      connect();
    }
    for (int i = 0; i < samples; i++) {
      row.record(connect(), mode.deadline.toNanos());
    }
    row.note("20 untimed connects first, so that the router has learned the fleet");
  }

  /** Rows that say why the peers have no figure in a scenario of Detour's routing state. */
  void statelessPeerRows(String scenario) {
    for (String name : lab.peerNames()) {
      ResultRow r = results.row(scenario, name);
      if (name.equals(ConnectLab.PSQL_ABSENT)) {
        r.absent(ConnectLab.psqlAbsentReason());
      } else {
        r.absent("not applicable: keeps no routing state; every connect is as in the cold rows");
      }
    }
  }

  /** One connect through {@code jdbc:detour:}, bounded by the deadline. */
  private Attempt connect() {
    return lab.detourWarm.attempt(lab.target(), mode.deadline);
  }

  private boolean fastFailed(Router router) {
    try {
      router.connect(lab.fleet.hostName(), lab.fleet.port()).socket().close();
      return false;
    } catch (NoHealthyAddressException e) {
      return e.isFastFail();
    } catch (IOException e) {
      return false;
    }
  }
}
