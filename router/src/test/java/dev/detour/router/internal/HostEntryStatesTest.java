package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.Harness.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterConfig;
import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link HostEntry#states()} is a list kept between DNS changes: the same answer keeps it, and
 * every change of the address set or of its order makes a new one, keeping each remaining address's
 * state.
 */
class HostEntryStatesTest {

  @Test
  void theKeptStatesFollowEveryChangeOfTheAnswer() {
    RouterRuntime rt =
        new RouterRuntime(
            RouterConfig.defaults(),
            new FakeClock(),
            Clock.systemUTC(),
            new Random(7),
            new RouterEvents());
    HostEntry e = new HostEntry(Harness.HOST, Harness.PORT, rt, s -> {});
    assertThat(e.states()).isEmpty();

    assertThat(e.merge(List.of(ip(1), ip(2)))).isEmpty();
    List<AddressState> first = e.states();
    assertThat(first).extracting(AddressState::address).containsExactly(addr(1), addr(2));

    assertThat(e.merge(List.of(ip(1), ip(2)))).as("same answer").isEmpty();
    assertThat(e.states()).as("same answer: the kept list").isSameAs(first);

    assertThat(e.merge(List.of(ip(2), ip(3)))).as("1 removed").containsExactly(addr(1));
    List<AddressState> second = e.states();
    assertThat(second).extracting(AddressState::address).containsExactly(addr(2), addr(3));
    assertThat(second.get(0)).as("2 keeps its state").isSameAs(first.get(1));
    assertThat(first.get(0).isRetired()).isTrue();

    assertThat(e.merge(List.of(ip(3), ip(2)))).as("order only").isEmpty();
    assertThat(e.states()).extracting(AddressState::address).containsExactly(addr(3), addr(2));
    assertThat(e.states().get(1)).isSameAs(second.get(0));

    assertThat(e.merge(List.of(ip(3)))).containsExactly(addr(2));
    assertThat(e.states()).extracting(AddressState::address).containsExactly(addr(3));
  }
}
