package dev.detour.testkit.internal.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgHbaTest {

  @Test
  void plainServerTrustsOnlyTheSuperuserAndAsksEveryoneElseForScram() {
    List<String> rules = rules(false);

    assertThat(rules)
        .containsExactly(
            "local all postgres trust",
            "host all postgres 127.0.0.0/8 trust",
            "host all all 127.0.0.0/8 scram-sha-256");
  }

  @Test
  void tlsServerAcceptsOnlyTlsOverTcpAndRejectsTheRest() {
    List<String> rules = rules(true);

    assertThat(rules)
        .containsExactly(
            "local all postgres trust",
            "hostssl all postgres 127.0.0.0/8 trust",
            "hostssl all all 127.0.0.0/8 scram-sha-256",
            "hostnossl all all all reject");
  }

  private static List<String> rules(boolean tls) {
    return Arrays.stream(PgHba.content(tls).split("\n"))
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.trim().replaceAll("\\s+", " "))
        .toList();
  }
}
