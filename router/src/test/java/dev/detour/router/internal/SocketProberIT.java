package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.core.Scheduler;
import dev.detour.router.RouterConfig;
import dev.detour.testkit.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real probe against real sockets on loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketProberIT {

  private final Scheduler scheduler = Scheduler.system("detour-router-probe-it");
  private ServerSocket server;
  private Thread acceptor;
  private final CompletableFuture<byte[]> firstRequest = new CompletableFuture<>();

  @AfterEach
  void tearDown() throws IOException {
    scheduler.close();
    if (server != null) {
      server.close();
    }
  }

  /** Serves one byte {@code answer} after reading 8 bytes; a negative answer closes instead. */
  private InetSocketAddress serve(int answer, boolean stall) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.81"));
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  InputStream in = s.getInputStream();
                  firstRequest.complete(in.readNBytes(8)); // asserted by the test thread
                  if (stall) {
                    in.read();
                  } else if (answer >= 0) {
                    s.getOutputStream().write(answer);
                    s.getOutputStream().flush();
                    in.read();
                  }
                } catch (IOException e) {
                  return;
                }
              }
            },
            "test-probe-server");
    acceptor.setDaemon(true);
    acceptor.start();
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  private String probe(InetSocketAddress address, RouterConfig.ProbeMode mode) throws Exception {
    RouterConfig config =
        RouterConfig.builder().probe(mode).probeTimeout(Duration.ofMillis(500)).build();
    SocketProber prober = new SocketProber(scheduler, config);
    CompletableFuture<String> result = new CompletableFuture<>();
    prober.probe(
        address,
        config.probeTimeout().toNanos(),
        (healthy, timedOut, detail) ->
            result.complete(
                (healthy ? "healthy" : timedOut ? "timeout" : "unhealthy") + ": " + detail));
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aServerAnsweringNToTheSslRequestIsHealthy() throws Exception {
    assertThat(probe(serve('N', false), RouterConfig.ProbeMode.SSLREQUEST))
        .isEqualTo("healthy: answered N to SSLRequest");
    assertThat(firstRequest.get(5, TimeUnit.SECONDS))
        .as("an SSLRequest: length 8, code 80877103")
        .containsExactly(0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f);
  }

  @Test
  void aServerAnsweringSomethingElseIsUnhealthy() throws Exception {
    assertThat(probe(serve('E', false), RouterConfig.ProbeMode.SSLREQUEST))
        .isEqualTo("unhealthy: answered 0x45 to SSLRequest");
  }

  @Test
  void aServerThatAcceptsButNeverAnswersTimesOut() throws Exception {
    assertThat(probe(serve(0, true), RouterConfig.ProbeMode.SSLREQUEST)).startsWith("timeout: ");
  }

  @Test
  void aServerThatClosesIsUnhealthy() throws Exception {
    assertThat(probe(serve(-1, false), RouterConfig.ProbeMode.SSLREQUEST))
        .isEqualTo("unhealthy: closed without answering SSLRequest");
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    InetSocketAddress address = serve('N', false);
    server.close();
    assertThat(probe(address, RouterConfig.ProbeMode.TCP)).isEqualTo("unhealthy: refused");
  }

  @Test
  void aCallbackThatThrowsIsCalledOnlyOnce() throws Exception {
    InetSocketAddress address = serve('N', false); // TCP mode: connects, so the probe passes
    FakeClock clock = new FakeClock();
    SocketProber prober =
        new SocketProber(clock, RouterConfig.builder().probe(RouterConfig.ProbeMode.TCP).build());
    AtomicInteger calls = new AtomicInteger();

    prober.probe(
        address,
        Duration.ofSeconds(2).toNanos(),
        (healthy, timedOut, detail) -> {
          calls.incrementAndGet();
          throw new IllegalStateException("listener bug");
        });

    assertThatThrownBy(clock::runUntilIdle).hasMessage("listener bug");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aProbeThatCannotStartFailsAtOnceSoThatItsTrialEnds() {
    FakeClock clock = new FakeClock();
    clock.close();
    SocketProber prober = new SocketProber(clock, RouterConfig.defaults());
    List<String> results = new ArrayList<>();

    prober.probe(
        new InetSocketAddress("127.0.0.1", 5432),
        Duration.ofSeconds(2).toNanos(),
        (healthy, timedOut, detail) -> results.add(healthy + " " + timedOut + " " + detail));

    assertThat(results).containsExactly("false false not started (router closing)");
  }
}
