package dev.detour.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Faults of {@link DnsServer} as a plain dnsjava client sees them. */
class DnsServerFaultsIT {

  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
  private static final Duration TTL = Duration.ofSeconds(60);

  private static DnsServer server;

  @BeforeAll
  static void startServer() {
    server = DnsServer.start();
  }

  @AfterAll
  static void closeServer() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.clearFaults();
    server.clearQueryLog();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void servFailArrivesAsServFail(Transport transport) throws Exception {
    String name = "servfail-" + Dig.label(transport) + ".detour.test";
    server.setA(name, TTL, "127.0.0.2");
    server.setFault(name, DnsFault.servFail());

    Message response = Dig.query(server, name, Type.A, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void nxDomainFaultHidesAnExistingName(Transport transport) throws Exception {
    String name = "hidden-" + Dig.label(transport) + ".detour.test";
    server.setA(name, TTL, "127.0.0.2");
    server.setFault(name, DnsFault.nxDomain());

    Message response = Dig.query(server, name, Type.A, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void noAnswerMakesTheClientTimeOutAfterTheQueryArrived(Transport transport) {
    String name = "silent-" + Dig.label(transport) + ".detour.test";
    server.setA(name, TTL, "127.0.0.2");
    server.setFault(name, DnsFault.noAnswer());
    SimpleResolver resolver = Dig.resolver(server, transport, SHORT_TIMEOUT);

    assertThatThrownBy(() -> Dig.query(resolver, name, Type.A))
        .satisfies(DnsServerFaultsIT::isDnsjavaTimeout);
    await()
        .untilAsserted(
            () -> assertThat(server.queryCount(name, RecordType.A, transport)).isEqualTo(1));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void delayedAnswerArrivesButNotBeforeTheDelay(Transport transport) throws Exception {
    String name = "slow-" + Dig.label(transport) + ".detour.test";
    Duration delay = Duration.ofMillis(400);
    server.setA(name, TTL, "127.0.0.2");
    server.setFault(name, DnsFault.delay(delay));

    long start = System.nanoTime();
    Message response = Dig.query(server, name, Type.A, transport);
    long elapsed = System.nanoTime() - start;

    assertThat(Dig.addresses(response)).containsExactly("127.0.0.2");
    assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(delay);
  }

  @Test
  void delayedAnswerDoesNotHoldUpOtherQueries() throws Exception {
    server.setA("stuck.detour.test", TTL, "127.0.0.2");
    server.setA("quick.detour.test", TTL, "127.0.0.3");
    server.setFault("stuck.detour.test", DnsFault.delay(Duration.ofSeconds(30)));
    SimpleResolver patient = Dig.resolver(server, Transport.UDP, Duration.ofSeconds(60));
    CompletableFuture<Message> stuck =
        patient
            .sendAsync(
                Message.newQuery(
                    Record.newRecord(Dig.fqdn("stuck.detour.test"), Type.A, DClass.IN)))
            .toCompletableFuture();
    await().until(() -> server.queryCount("stuck.detour.test", RecordType.A) == 1);

    Message quick = Dig.query(server, "quick.detour.test", Type.A, Transport.UDP);

    assertThat(Dig.addresses(quick)).containsExactly("127.0.0.3");
    assertThat(stuck).isNotDone();
    stuck.cancel(true);
  }

  @Test
  void truncatedUdpAnswerIsRetriedOverTcpAndArrivesWhole() throws Exception {
    String name = "truncated.detour.test";
    server.setA(name, TTL, "127.0.0.2", "127.0.0.3");
    server.setFault(name, DnsFault.truncateUdp());

    Message response = Dig.query(server, name, Type.A, Transport.UDP);

    assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(Dig.addresses(response)).containsExactly("127.0.0.2", "127.0.0.3");
    assertThat(server.queryCount(name, RecordType.A, Transport.UDP)).isEqualTo(1);
    assertThat(server.queryCount(name, RecordType.A, Transport.TCP)).isEqualTo(1);
    assertThat(server.queryLog())
        .extracting(QueryLogEntry::transport)
        .containsExactly(Transport.UDP, Transport.TCP);
  }

  @Test
  void truncatedUdpAnswerHasTheTcBitAndNoRecords() throws Exception {
    String name = "truncated-only.detour.test";
    server.setA(name, TTL, "127.0.0.2");
    server.setFault(name, DnsFault.truncateUdp());
    SimpleResolver resolver = Dig.resolver(server, Transport.UDP, Duration.ofSeconds(5));
    resolver.setIgnoreTruncation(true);

    Message response = Dig.query(resolver, name, Type.A);

    assertThat(response.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
    assertThat(server.queryCount(name, RecordType.A, Transport.TCP)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aaaaNeverAnswersWhileAStillWorks(Transport transport) throws Exception {
    String name = "broken-v6-" + Dig.label(transport) + ".detour.test";
    server.setA(name, TTL, "127.0.0.2");
    server.setAaaa(name, TTL, "::1");
    server.setFault(name, RecordType.AAAA, DnsFault.noAnswer());
    SimpleResolver resolver = Dig.resolver(server, transport, SHORT_TIMEOUT);

    assertThatThrownBy(() -> Dig.query(resolver, name, Type.AAAA))
        .satisfies(DnsServerFaultsIT::isDnsjavaTimeout);
    assertThat(Dig.addresses(Dig.query(server, name, Type.A, transport)))
        .containsExactly("127.0.0.2");
  }

  @Test
  void faultForTheTypeWinsOverTheFaultForTheName() throws Exception {
    String name = "layered.detour.test";
    server.setA(name, TTL, "127.0.0.2");
    server.setAaaa(name, TTL, "::1");
    server.setFault(name, DnsFault.servFail());
    server.setFault(name, RecordType.A, DnsFault.nxDomain());

    assertThat(Dig.query(server, name, Type.A, Transport.UDP).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(Dig.query(server, name, Type.AAAA, Transport.UDP).getRcode())
        .isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void clearFaultRestoresNormalAnswersForEveryType() throws Exception {
    String name = "healed.detour.test";
    server.setA(name, TTL, "127.0.0.2");
    server.setAaaa(name, TTL, "::1");
    server.setFault(name, DnsFault.servFail());
    server.setFault(name, RecordType.AAAA, DnsFault.nxDomain());

    server.clearFault(name);

    assertThat(Dig.addresses(Dig.query(server, name, Type.A, Transport.UDP)))
        .containsExactly("127.0.0.2");
    assertThat(Dig.addresses(Dig.query(server, name, Type.AAAA, Transport.UDP)))
        .containsExactly("0:0:0:0:0:0:0:1");
  }

  /**
   * dnsjava reports a timeout in one of two ways, depending on which of its two timers fires first:
   * its I/O thread fails the query with SocketTimeoutException, or Resolver.send gives up waiting
   * and throws an IOException caused by a TimeoutException.
   */
  private static void isDnsjavaTimeout(Throwable thrown) {
    assertThat(thrown)
        .satisfiesAnyOf(
            e -> assertThat(e).isInstanceOf(SocketTimeoutException.class),
            e ->
                assertThat(e)
                    .isInstanceOf(IOException.class)
                    .hasCauseInstanceOf(TimeoutException.class));
  }
}
