package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.core.Scheduler;
import dev.detour.router.RouterConfig;
import dev.detour.testkit.proxy.Fault;
import dev.detour.testkit.proxy.FaultProxyFleet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real dialer on real sockets: who runs the connect, and how a detached one goes on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketDialerIT {

  private final Scheduler scheduler = Scheduler.system("detour-router-dialer-it");
  private final SocketDialer dialer = new SocketDialer(scheduler, RouterConfig.defaults());
  private ServerSocket backend;
  private FaultProxyFleet fleet;

  @BeforeEach
  void start() throws IOException {
    backend = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    fleet =
        FaultProxyFleet.start(
            2, new InetSocketAddress(backend.getInetAddress(), backend.getLocalPort()));
    fleet.setFault(1, Fault.blackhole());
  }

  @AfterEach
  void stop() throws IOException {
    fleet.close();
    backend.close();
    scheduler.close();
  }

  /** Records each callback with the name of the thread it ran on. */
  private static final class Recorder implements Dialer.Callback {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> first = new CompletableFuture<>();

    @Override
    public void connected(Socket socket) {
      record("connected on " + Thread.currentThread().getName());
      try {
        socket.close();
      } catch (IOException ignored) {
        // test socket
      }
    }

    @Override
    public void failed(IOException cause) {
      record(
          "failed ("
              + cause.getClass().getSimpleName()
              + ") on "
              + Thread.currentThread().getName());
    }

    private void record(String call) {
      calls.add(call);
      first.complete(call);
    }
  }

  @Test
  void theFirstDialRunsOnTheWaitingThreadItself() throws Exception {
    CallerRuns caller = new CallerRuns();
    Recorder recorder = new Recorder();

    dialer.dial(fleet.addresses().get(0), Duration.ofSeconds(2).toNanos(), caller, recorder);
    assertThat(recorder.calls).as("nothing runs before the caller takes the dial").isEmpty();
    caller.runOrClose();

    assertThat(recorder.calls).containsExactly("connected on " + Thread.currentThread().getName());
  }

  @Test
  void aDialOfferedAfterTheCallerStoppedTakingOneRunsOnAWorker() throws Exception {
    CallerRuns caller = new CallerRuns();
    caller.runOrClose(); // the caller went on to wait: the resolver answered late
    Recorder recorder = new Recorder();

    dialer.dial(fleet.addresses().get(0), Duration.ofSeconds(2).toNanos(), caller, recorder);

    assertThat(recorder.first.get(10, TimeUnit.SECONDS))
        .startsWith("connected on detour-router-dialer-it-worker-");
  }

  @Test
  void aDetachedDialFreesTheCallerAndRunsOnToItsOwnTimeoutOnAWorker() throws Exception {
    CallerRuns caller = new CallerRuns();
    Recorder recorder = new Recorder();
    InetSocketAddress blackhole = fleet.addresses().get(1);
    long timeout = Duration.ofSeconds(4).toNanos();
    long start = System.nanoTime();
    Dialer.Handle handle = dialer.dial(blackhole, timeout, caller, recorder);
    Thread waiting = new Thread(caller::runOrClose, "test-waiting-caller"); // blocks in connect
    waiting.setDaemon(true);
    waiting.start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                java.util.Arrays.stream(waiting.getStackTrace())
                    .anyMatch(f -> f.getClassName().endsWith("NioSocketImpl")));

    handle.detach(); // another address won the race

    waiting.join(TimeUnit.SECONDS.toMillis(2));
    assertThat(waiting.isAlive())
        .as("the caller is free at once, not at the attempt's 4 s timeout")
        .isFalse();
    assertThat(recorder.calls).as("the caller's own connect reports nothing").isEmpty();
    String outcome = recorder.first.get(10, TimeUnit.SECONDS);
    assertThat(outcome)
        .startsWith("failed (SocketTimeoutException) on detour-router-dialer-it-worker-");
    assertThat(System.nanoTime() - start)
        .as("the black hole ran to the attempt's own deadline, not a fresh one")
        .isBetween(timeout - Duration.ofMillis(50).toNanos(), timeout * 3);
    assertThat(recorder.calls).hasSize(1);
  }

  @Test
  void anInterruptedCallerEndsItsDialAsInterruptedNotAsAFailureOfTheAddress() throws Exception {
    CallerRuns caller = new CallerRuns();
    Recorder recorder = new Recorder();
    dialer.dial(fleet.addresses().get(0), Duration.ofSeconds(2).toNanos(), caller, recorder);

    Thread.currentThread().interrupt(); // the caller gives up before its dial starts
    try {
      caller.runOrClose();
      assertThat(Thread.currentThread().isInterrupted()).as("the flag is left set").isTrue();
    } finally {
      Thread.interrupted();
    }

    assertThat(recorder.calls)
        .containsExactly("failed (InterruptedIOException) on " + Thread.currentThread().getName());
    assertThat(RaceAttempt.classify(new java.io.InterruptedIOException("x")).kind())
        .as("counted as cancelled: nothing is held against the address")
        .isNull();
    assertThat(RaceAttempt.classify(new java.net.SocketTimeoutException("x")).kind())
        .isEqualTo(AddressState.FailureKind.TIMED_OUT);
  }

  @Test
  void aDialDetachedBeforeTheCallerRanItConnectsOnAWorkerAndTheCallerDoesNothing()
      throws Exception {
    CallerRuns caller = new CallerRuns();
    Recorder recorder = new Recorder();
    Dialer.Handle handle =
        dialer.dial(fleet.addresses().get(0), Duration.ofSeconds(2).toNanos(), caller, recorder);

    handle.detach();
    caller.runOrClose();

    assertThat(recorder.first.get(10, TimeUnit.SECONDS))
        .startsWith("connected on detour-router-dialer-it-worker-");
    assertThat(recorder.calls).hasSize(1);
  }

  @Test
  void cancellingADialOnTheCallerEndsItWithOneFailure() throws Exception {
    CallerRuns caller = new CallerRuns();
    Recorder recorder = new Recorder();
    Dialer.Handle handle =
        dialer.dial(fleet.addresses().get(1), Duration.ofSeconds(5).toNanos(), caller, recorder);

    handle.cancel();
    handle.detach(); // too late: nothing goes on
    caller.runOrClose();

    assertThat(recorder.calls)
        .containsExactly("failed (SocketException) on " + Thread.currentThread().getName());
  }
}
