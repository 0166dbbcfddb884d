package dev.detour.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The LISTEN and UNLISTEN text: quoted names, every change in one statement. */
class ListenSqlTest {

  @Test
  void listensToEveryChannelQuotedInOrder() {
    assertThat(ListenSql.listen(List.of("jobs", "Mixed \"Case\"")))
        .isEqualTo("LISTEN \"jobs\";LISTEN \"Mixed \"\"Case\"\"\";");
    assertThat(ListenSql.listen(List.of())).isEmpty();
  }

  @Test
  void changesListenTheNewAndUnlistenTheGone() {
    Set<String> desired = new LinkedHashSet<>(List.of("a", "b"));
    Set<String> listened = new LinkedHashSet<>(List.of("b", "c"));
    assertThat(ListenSql.changes(desired, listened)).isEqualTo("LISTEN \"a\";UNLISTEN \"c\";");
    assertThat(ListenSql.changes(desired, desired)).isEmpty();
  }
}
