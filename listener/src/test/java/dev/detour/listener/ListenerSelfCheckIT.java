package dev.detour.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.router.RouterRegistry;
import dev.detour.testkit.dns.DnsServer;
import dev.detour.testkit.pg.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start-up self-check against a connection that works but never receives notifications: a
 * routed {@code jdbc:detour:} URL whose name resolves (testkit DNS) to a protocol-aware proxy in
 * front of the embedded PostgreSQL that drops every NotificationResponse, as a transaction pooler
 * behind an innocent-looking host name would.
 */
class ListenerSelfCheckIT {

  /** Not a {@code -pooler} name: the build-time name check cannot catch it. */
  private static final String HOST = "ep-quiet-123456.neon.test";

  private static final Duration SELF_CHECK_WAIT = Duration.ofSeconds(2);

  private TestPostgres pg;
  private DnsServer dns;

  @BeforeEach
  void start() {
    RouterRegistry.closeAll();
    pg = TestPostgres.shared();
    dns = DnsServer.start();
    dns.setA(HOST, Duration.ofSeconds(60), "127.0.0.1");
  }

  @AfterEach
  void stop() {
    RouterRegistry.closeAll();
    dns.close();
  }

  private DetourListenerBuilder builder(NotificationDroppingProxy proxy) {
    return DetourListener.builder()
        .url(
            "jdbc:detour:postgresql://"
                + HOST
                + ":"
                + proxy.port()
                + "/"
                + pg.database()
                + "?detour.resolver.servers=127.0.0.1:"
                + dns.port()
                + "&sslmode=disable&gssEncMode=disable")
        .username(pg.user())
        .password(pg.password())
        // the self-check waits this long for its notification
        .heartbeatTimeout(SELF_CHECK_WAIT);
  }

  @Test
  void notificationsThatNeverComeBackFailTheStartForGoodWithoutRetrying() throws Exception {
    try (NotificationDroppingProxy proxy = NotificationDroppingProxy.dropping(pg.address())) {
      List<ListenerState> states = new CopyOnWriteArrayList<>();
      DetourListener listener = builder(proxy).build();
      listener.addStateListener(states::add);
      Subscription subscription = listener.subscribe("jobs", new Recorder());
      String prefix = threadPrefix(listener);

      assertThatThrownBy(listener::start)
          .isInstanceOf(ListenerException.class)
          .hasMessageContaining("pg_notify on the listener's own connection did not come back")
          .hasMessageContaining("within " + SELF_CHECK_WAIT.toMillis() + " ms")
          .hasMessageContaining("use the direct host")
          .hasMessageNotContaining(pg.password());

      // the server did deliver the self-check's notification; the proxy dropped it
      assertThat(proxy.droppedNotifications()).isGreaterThanOrEqualTo(1);
      assertThat(proxy.forwardedNotifications()).isZero();
      // no retry: one session only (the router's probes never log in); and a connection that
      // cannot deliver notifications never counts as CONNECTED
      assertThat(proxy.loggedInSessions()).isEqualTo(1);
      assertThat(states)
          .noneMatch(
              s ->
                  s instanceof ListenerState.Connected
                      || s instanceof ListenerState.Disconnected
                      || s instanceof ListenerState.Reconnecting);
      ListenerState.Failed failed =
          (ListenerState.Failed)
              states.stream()
                  .filter(s -> s instanceof ListenerState.Failed)
                  .findFirst()
                  .orElseThrow();
      assertThat(failed.cause()).hasMessageContaining("did not come back");
      // start() closed the listener on its way out; the listener stays FAILED, with the reason
      assertThat(listener.state()).isEqualTo(failed);
      assertThat(listener.close(Duration.ZERO)).as("already closed, cleanly").isTrue();
      assertThat(subscription.ready()).isCompletedExceptionally();
      assertThatThrownBy(() -> listener.subscribe("more", new Recorder()))
          .isInstanceOf(IllegalStateException.class);
      await().atMost(Duration.ofSeconds(5)).until(() -> threadsNamed(prefix).isEmpty());
      // and the listener's connection was closed: the proxy holds no session to the server
      await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openSessions() == 0);
    }
  }

  @Test
  void theSameProxyForwardingNotificationsPassesTheSelfCheck() throws Exception {
    try (NotificationDroppingProxy proxy = NotificationDroppingProxy.forwarding(pg.address());
        DetourListener listener = builder(proxy).build()) {
      Recorder r = new Recorder();
      listener.subscribe("jobs", r);
      listener.start();
      assertThat(listener.state()).isInstanceOf(ListenerState.Connected.class);
      assertThat(proxy.forwardedNotifications()).as("the self-check's own").isEqualTo(1);
      assertThat(proxy.loggedInSessions()).isEqualTo(1);
      listener.notify("jobs", "hello");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> r.notifications().size() == 1 && r.resyncs().size() == 1);
      assertThat(r.notifications().get(0).payload()).isEqualTo("hello");
      assertThat(proxy.droppedNotifications()).isZero();
    }
  }

  private static String threadPrefix(DetourListener listener) {
    String s = listener.toString();
    return s.substring(0, s.indexOf('['));
  }

  private static List<String> threadsNamed(String prefix) {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix + "-") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }
}
