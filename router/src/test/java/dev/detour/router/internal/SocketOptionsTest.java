package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterConfig;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/**
 * The dialer keeps which keepalive options a class of socket supports, and asks again when a socket
 * of another class comes: each socket gets exactly the options its class supports.
 */
class SocketOptionsTest {

  private static final RouterConfig CONFIG = RouterConfig.builder().build();

  private static final Set<SocketOption<?>> KEEPALIVE =
      Set.of(
          ExtendedSocketOptions.TCP_KEEPIDLE,
          ExtendedSocketOptions.TCP_KEEPINTERVAL,
          ExtendedSocketOptions.TCP_KEEPCOUNT);

  /** A real, unconnected socket that records the extended options set on it. */
  private static class Recording extends Socket {
    final List<SocketOption<?>> set = new ArrayList<>();
    int supportedAsked;

    @Override
    public Set<SocketOption<?>> supportedOptions() {
      supportedAsked++;
      return super.supportedOptions();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
      set.add(name);
      return super.setOption(name, value);
    }
  }

  /** A socket whose class supports no keepalive tuning. */
  private static final class NoKeepAliveTuning extends Recording {
    @Override
    public Set<SocketOption<?>> supportedOptions() {
      supportedAsked++;
      return Set.of();
    }
  }

  /** Another class that supports every option, as the dialer's own sockets do on Linux. */
  private static final class AllOptions extends Recording {}

  private static List<SocketOption<?>> configured(Recording socket) throws IOException {
    try (socket) {
      SocketDialer.configure(socket, CONFIG);
      return socket.set;
    }
  }

  @Test
  void eachSocketGetsTheOptionsItsClassSupportsAndTheAnswerIsKeptPerClass() throws IOException {
    // the JDK's own sockets support all three on Linux, where this build runs
    assertThat(new Socket().supportedOptions()).containsAll(KEEPALIVE);

    assertThat(configured(new AllOptions())).containsExactlyInAnyOrderElementsOf(KEEPALIVE);
    Recording again = new AllOptions();
    assertThat(configured(again)).containsExactlyInAnyOrderElementsOf(KEEPALIVE);
    assertThat(again.supportedAsked).as("same class: the kept answer is used").isZero();

    Recording none = new NoKeepAliveTuning();
    assertThat(configured(none)).as("another class is asked").isEmpty();
    assertThat(none.supportedAsked).isEqualTo(1);
    Recording noneAgain = new NoKeepAliveTuning();
    assertThat(configured(noneAgain)).isEmpty();
    assertThat(noneAgain.supportedAsked).isZero();

    Recording back = new AllOptions();
    assertThat(configured(back))
        .as("back to the first class: asked again, not the other class's answer")
        .containsExactlyInAnyOrderElementsOf(KEEPALIVE);
    assertThat(back.supportedAsked).isEqualTo(1);
  }
}
