package dev.detour.testkit.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.detour.testkit.dns.DnsFault;
import dev.detour.testkit.dns.RecordType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneTest {

  private static final int A = 1;
  private static final int CNAME = 5;
  private static final int SOA = 6;
  private static final int AAAA = 28;
  private static final Duration TTL = Duration.ofSeconds(60);

  private final Zone zone = new Zone();

  @Test
  void cnameLoopIsServFailInsteadOfSpinning() {
    zone.put("a.test", RecordSet.of(RecordType.CNAME, TTL, List.of("b.test")));
    zone.put("b.test", RecordSet.of(RecordType.CNAME, TTL, List.of("a.test")));

    assertThat(zone.answer("a.test.", A)).isEqualTo(Answer.empty(Answer.SERVFAIL));
  }

  @Test
  void cnameToUnknownTargetIsNxDomainKeepingTheChain() {
    zone.put("alias.test", RecordSet.of(RecordType.CNAME, TTL, List.of("gone.test")));

    Answer answer = zone.answer("alias.test.", A);

    assertThat(answer.rcode()).isEqualTo(Answer.NXDOMAIN);
    assertThat(answer.answers())
        .extracting(ResourceRecord::name, ResourceRecord::type)
        .containsExactly(tuple("alias.test.", CNAME));
    assertThat(answer.authority()).extracting(ResourceRecord::type).containsExactly(SOA);
  }

  @Test
  void settingCnameDropsOtherRecordsAndSettingAddressesDropsCname() {
    zone.put("flip.test", RecordSet.of(RecordType.A, TTL, List.of("127.0.0.2")));
    zone.put("flip.test", RecordSet.of(RecordType.CNAME, TTL, List.of("other.test")));
    zone.put("other.test", RecordSet.of(RecordType.AAAA, TTL, List.of("::1")));

    assertThat(zone.answer("flip.test", A).answers())
        .extracting(ResourceRecord::type)
        .containsExactly(CNAME);

    zone.put("flip.test", RecordSet.of(RecordType.AAAA, TTL, List.of("::1")));

    assertThat(zone.answer("flip.test", AAAA).answers())
        .extracting(ResourceRecord::type)
        .containsExactly(AAAA);
    assertThat(zone.answer("flip.test", A).answers()).isEmpty();
  }

  @Test
  void rotatingASingleAddressKeepsIt() {
    zone.put("one.test", RecordSet.of(RecordType.A, TTL, List.of("127.0.0.2")));

    zone.rotate("one.test");

    assertThat(zone.answer("one.test", A).answers())
        .singleElement()
        .satisfies(rr -> assertThat(rr.rdata()).containsExactly(127, 0, 0, 2));
  }

  @Test
  void faultForTypeWinsAndClearFaultRemovesBoth() {
    zone.setFault("f.test", null, DnsFault.servFail());
    zone.setFault("f.test", RecordType.AAAA, DnsFault.noAnswer());

    assertThat(zone.fault("f.test", RecordType.AAAA)).isEqualTo(DnsFault.noAnswer());
    assertThat(zone.fault("f.test", RecordType.A)).isEqualTo(DnsFault.servFail());
    assertThat(zone.fault("f.test", null)).isEqualTo(DnsFault.servFail());

    zone.clearFault("f.test");

    assertThat(zone.fault("f.test", RecordType.AAAA)).isNull();
    assertThat(zone.fault("f.test", RecordType.A)).isNull();
  }
}
