package dev.detour.router.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.AttemptOutcome;
import dev.detour.router.RoutedSocket;
import dev.detour.router.RouterConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PendingConnectionTest {

  /** Records what the pending connection reported. */
  static final class Recording implements RoutedSocket {
    final Socket socket = new Socket();
    final AtomicInteger ready = new AtomicInteger();
    final AtomicReference<Throwable> failed = new AtomicReference<>();

    @Override
    public Socket socket() {
      return socket;
    }

    @Override
    public String host() {
      return "h";
    }

    @Override
    public InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.7", 5432);
    }

    @Override
    public List<AttemptOutcome> attempts() {
      return List.of();
    }

    @Override
    public long elapsedNanos() {
      return 0;
    }

    @Override
    public void markReady() {
      ready.incrementAndGet();
    }

    @Override
    public void markFailed(Throwable cause) {
      failed.set(cause);
    }
  }

  @Test
  void readyDisarmsTheCurrentSocketOnce() throws IOException {
    PendingConnection pending = PendingConnections.open(RouterConfig.defaults());
    Recording socket = new Recording();
    pending.attach(socket);

    assertThat(pending.ready()).containsSame(socket);
    pending.ready();
    pending.failed(new IOException("late"), true);

    assertThat(socket.ready).hasValue(1);
    assertThat(socket.failed).hasValue(null);
    assertThat(pending.isOpening()).isFalse();
    PendingConnections.close(pending);
  }

  @Test
  void blamedFailureIsReportedToTheRouter() throws IOException {
    PendingConnection pending = PendingConnections.open(RouterConfig.defaults());
    Recording socket = new Recording();
    pending.attach(socket);
    IOException cause = new IOException("stalled in TLS");

    pending.failed(cause, true);

    assertThat(socket.failed).hasValue(cause);
    assertThat(socket.ready).hasValue(0);
    PendingConnections.close(pending);
  }

  @Test
  void unblamedFailureReleasesTheSocketWithoutBlame() throws IOException {
    PendingConnection pending = PendingConnections.open(RouterConfig.defaults());
    Recording socket = new Recording();
    pending.attach(socket);

    pending.failed(new IOException("password authentication failed"), false);

    assertThat(socket.failed).hasValue(null);
    assertThat(socket.ready).as("closed, not counted as a handshake success").hasValue(0);
    assertThat(socket.socket.isClosed()).isTrue();
    PendingConnections.close(pending);
  }

  @Test
  void aRetrySocketReplacesTheFirstWhichIsReleased() throws IOException {
    PendingConnection pending = PendingConnections.open(RouterConfig.defaults());
    Recording first = new Recording();
    Recording second = new Recording();

    pending.attach(first);
    pending.attach(second);

    assertThat(first.ready).as("released without blame, not as a handshake success").hasValue(0);
    assertThat(first.socket.isClosed()).isTrue();
    assertThat(pending.current()).containsSame(second);
    PendingConnections.close(pending);
  }

  @Test
  void attachAfterTheDriverGaveUpClosesTheSocketAndThrows() {
    PendingConnection pending = PendingConnections.open(RouterConfig.defaults());
    pending.failed(new IOException("login timeout"), true);
    Recording late = new Recording();

    assertThatThrownBy(() -> pending.attach(late)).hasMessageContaining("abandoned");
    assertThat(late.socket.isClosed()).isTrue();
    PendingConnections.close(pending);
  }

  @Test
  void tokensAreUniqueAndForgottenOnClose() {
    PendingConnection a = PendingConnections.open(RouterConfig.defaults());
    PendingConnection b = PendingConnections.open(RouterConfig.defaults());

    assertThat(a.token()).isNotEqualTo(b.token());
    assertThat(PendingConnections.find(a.token())).containsSame(a);
    PendingConnections.close(a);
    PendingConnections.close(b);
    assertThat(PendingConnections.find(a.token())).isEmpty();
    assertThat(PendingConnections.find(null)).isEmpty();
  }
}
