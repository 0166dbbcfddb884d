package dev.detour.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Answers of {@link DnsServer} to a plain dnsjava client, over UDP and over TCP. */
class DnsServerAnswersIT {

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
  void forgetQueries() {
    server.clearQueryLog();
    server.clearFaults();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aRecordsArriveInOrderWithTheConfiguredTtl(Transport transport) throws Exception {
    String name = "a-" + Dig.label(transport) + ".detour.test";
    server.setA(name, Duration.ofSeconds(42), "127.0.0.2", "127.0.0.3");

    Message response = Dig.query(server, name, Type.A, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(Dig.answer(response))
        .containsExactly(
            name + ". 42 A 127.0.0.2", //
            name + ". 42 A 127.0.0.3");
    assertThat(server.queryCount(name, RecordType.A, transport)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aaaaRecordsArriveWithTheConfiguredTtl(Transport transport) throws Exception {
    String name = "aaaa-" + Dig.label(transport) + ".detour.test";
    server.setAaaa(name, Duration.ofSeconds(7), "::1", "::ffff:127.0.0.2");

    Message response = Dig.query(server, name, Type.AAAA, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(Dig.answer(response))
        .containsExactly(
            name + ". 7 AAAA 0:0:0:0:0:0:0:1", //
            name + ". 7 AAAA ::ffff:127.0.0.2");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void cnameChainIsFollowedToTheTargetsAddresses(Transport transport) throws Exception {
    String alias = "alias-" + Dig.label(transport) + ".detour.test";
    String middle = "middle-" + Dig.label(transport) + ".detour.test";
    String target = "target-" + Dig.label(transport) + ".detour.test";
    server.setCname(alias, Duration.ofSeconds(30), middle);
    server.setCname(middle, Duration.ofSeconds(20), target);
    server.setA(target, Duration.ofSeconds(10), "127.0.0.4");

    Message response = Dig.query(server, alias, Type.A, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(Dig.answer(response))
        .containsExactly(
            alias + ". 30 CNAME " + middle + ".",
            middle + ". 20 CNAME " + target + ".",
            target + ". 10 A 127.0.0.4");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void cnameQueryGetsTheAliasOnly(Transport transport) throws Exception {
    String alias = "cname-only-" + Dig.label(transport) + ".detour.test";
    server.setCname(alias, Duration.ofSeconds(30), "elsewhere.detour.test");
    server.setA("elsewhere.detour.test", Duration.ofSeconds(10), "127.0.0.4");

    Message response = Dig.query(server, alias, Type.CNAME, transport);

    assertThat(Dig.answer(response)).containsExactly(alias + ". 30 CNAME elsewhere.detour.test.");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void unknownNameIsNxDomainWithAnSoaForNegativeCaching(Transport transport) throws Exception {
    Message response =
        Dig.query(server, "nobody-" + Dig.label(transport) + ".detour.test", Type.A, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
    assertThat(response.getSection(Section.AUTHORITY))
        .singleElement()
        .satisfies(
            soa -> {
              assertThat(soa.getType()).isEqualTo(Type.SOA);
              assertThat(soa.getTTL()).isEqualTo(5);
            });
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void knownNameWithoutRecordsOfTheTypeIsNoData(Transport transport) throws Exception {
    String name = "v4-only-" + Dig.label(transport) + ".detour.test";
    server.setA(name, Duration.ofSeconds(60), "127.0.0.2");

    Message response = Dig.query(server, name, Type.AAAA, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
    assertThat(response.getSection(Section.AUTHORITY))
        .singleElement()
        .satisfies(soa -> assertThat(soa.getType()).isEqualTo(Type.SOA));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void unsupportedTypeOfKnownNameIsNoDataAndLoggedWithoutType(Transport transport)
      throws Exception {
    String name = "mx-" + Dig.label(transport) + ".detour.test";
    server.setA(name, Duration.ofSeconds(60), "127.0.0.2");

    Message response = Dig.query(server, name, Type.MX, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
    assertThat(server.queryLog())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo(name);
              assertThat(e.type()).isNull();
              assertThat(e.transport()).isEqualTo(transport);
            });
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void namesAreCaseInsensitiveAndTrailingDotIsIgnored(Transport transport) throws Exception {
    server.setA(
        "Mixed-" + Dig.label(transport) + ".Detour.Test.", Duration.ofSeconds(60), "127.0.0.9");

    Message response =
        Dig.query(server, "mixed-" + Dig.label(transport) + ".detour.TEST", Type.A, transport);

    assertThat(Dig.addresses(response)).containsExactly("127.0.0.9");
    assertThat(server.queryCount("MIXED-" + Dig.label(transport) + ".detour.test.", RecordType.A))
        .isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void replacingTheSetChangesTheNextAnswer(Transport transport) throws Exception {
    String name = "replaced-" + Dig.label(transport) + ".detour.test";
    server.setA(name, Duration.ofSeconds(60), "127.0.0.2", "127.0.0.3");
    assertThat(Dig.addresses(Dig.query(server, name, Type.A, transport)))
        .containsExactly("127.0.0.2", "127.0.0.3");

    server.setA(name, Duration.ofSeconds(60), "127.0.0.5");

    assertThat(Dig.addresses(Dig.query(server, name, Type.A, transport)))
        .containsExactly("127.0.0.5");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void rotateMovesTheFirstAddressOfBothFamiliesLast(Transport transport) throws Exception {
    String name = "rotated-" + Dig.label(transport) + ".detour.test";
    server.setA(name, Duration.ofSeconds(60), "127.0.0.2", "127.0.0.3", "127.0.0.4");
    server.setAaaa(name, Duration.ofSeconds(60), "::1", "::ffff:127.0.0.2");

    server.rotate(name);

    assertThat(Dig.addresses(Dig.query(server, name, Type.A, transport)))
        .containsExactly("127.0.0.3", "127.0.0.4", "127.0.0.2");
    assertThat(Dig.answer(Dig.query(server, name, Type.AAAA, transport)))
        .containsExactly(name + ". 60 AAAA ::ffff:127.0.0.2", name + ". 60 AAAA 0:0:0:0:0:0:0:1");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void removedNameBecomesNxDomain(Transport transport) throws Exception {
    String name = "removed-" + Dig.label(transport) + ".detour.test";
    server.setA(name, Duration.ofSeconds(60), "127.0.0.2");
    assertThat(Dig.query(server, name, Type.A, transport).getRcode()).isEqualTo(Rcode.NOERROR);

    server.remove(name);

    assertThat(Dig.query(server, name, Type.A, transport).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void emptySetMakesTheNameExistWithoutAddresses(Transport transport) throws Exception {
    String name = "empty-" + Dig.label(transport) + ".detour.test";
    server.setRecords(name, RecordType.A, Duration.ofSeconds(60), List.of());

    Message response = Dig.query(server, name, Type.A, transport);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void answerTooLargeForUdpIsTruncatedAndComesWholeOverTcp() throws Exception {
    String name = "many.detour.test";
    String[] many = new String[100];
    for (int i = 0; i < many.length; i++) {
      many[i] = "127.0.1." + i;
    }
    server.setA(name, Duration.ofSeconds(60), many);

    Message response = Dig.query(server, name, Type.A, Transport.UDP);

    assertThat(Dig.addresses(response)).hasSize(100);
    assertThat(server.queryCount(name, RecordType.A, Transport.UDP)).isEqualTo(1);
    assertThat(server.queryCount(name, RecordType.A, Transport.TCP)).isEqualTo(1);
  }
}
