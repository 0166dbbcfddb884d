package dev.detour.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Healthy delivery through a routed connection: order, exact channel names, subscribe and close.
 */
class ListenerDeliveryIT {

  private static ListenerLab lab;

  @BeforeAll
  static void startLab() {
    lab = new ListenerLab(3);
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @Test
  void initialResyncComesFirstAndChannelNamesAreMatchedExactly() throws Exception {
    Recorder mixed = new Recorder();
    Recorder lower = new Recorder();
    try (DetourListener listener = lab.builder().build()) {
      Subscription s = listener.subscribe("Jobs", mixed);
      listener.start();
      assertThat(s.ready()).isCompleted();
      assertThat(listener.state()).isInstanceOf(ListenerState.Connected.class);
      assertThat(lab.indexOf(listener)).isNotNegative();
      Subscription t = listener.subscribe("jobs", lower);
      t.ready().get(5, TimeUnit.SECONDS);

      listener.notify("Jobs", "exact");
      try (Connection c = lab.direct();
          Statement st = c.createStatement()) {
        st.execute("NOTIFY Jobs, 'folded'"); // unquoted: the server folds it to jobs
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> lower.notifications().size() == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> mixed.notifications().size() == 1);

      assertThat(mixed.events().get(0)).isInstanceOf(Resync.class);
      assertThat(((Resync) mixed.events().get(0)).reason()).isEqualTo(Resync.Reason.INITIAL);
      assertThat(mixed.notifications().get(0).payload()).isEqualTo("exact");
      assertThat(mixed.notifications().get(0).channel()).isEqualTo("Jobs");
      assertThat(lower.resyncs()).extracting(Resync::reason).containsExactly(Resync.Reason.INITIAL);
      assertThat(lower.notifications().get(0).payload()).isEqualTo("folded");
      assertThat(lower.notifications().get(0).senderPid()).isPositive();
    }
  }

  @Test
  void tenThousandNotificationsOnFourChannelsArriveInOrderWithNoneLostOrDuplicated()
      throws Exception {
    int perChannel = 2500;
    List<Recorder> recorders = new ArrayList<>();
    try (DetourListener listener = lab.builder().queueCapacity(20_000).build()) {
      for (int c = 0; c < 4; c++) {
        Recorder r = new Recorder();
        recorders.add(r);
        listener.subscribe("bulk-" + c, r);
      }
      listener.start();
      try (Connection c = lab.direct();
          PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        c.setAutoCommit(false);
        for (int i = 0; i < perChannel; i++) {
          for (int ch = 0; ch < 4; ch++) {
            ps.setString(1, "bulk-" + ch);
            ps.setString(2, Integer.toString(i));
            ps.execute();
          }
          if (i % 50 == 49) {
            c.commit();
          }
        }
        c.commit();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> recorders.stream().allMatch(r -> r.notifications().size() >= perChannel));
      for (int ch = 0; ch < 4; ch++) {
        List<String> payloads = new ArrayList<>();
        recorders.get(ch).notifications().forEach(n -> payloads.add(n.payload()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < perChannel; i++) {
          expected.add(Integer.toString(i));
        }
        assertThat(payloads).as("channel bulk-%d", ch).isEqualTo(expected);
        assertThat(recorders.get(ch).resyncs())
            .extracting(Resync::reason)
            .containsExactly(Resync.Reason.INITIAL);
      }
    }
  }

  @Test
  void closedSubscriptionGetsNothingMoreWhileOthersStillDo() throws Exception {
    Recorder kept = new Recorder();
    Recorder dropped = new Recorder();
    try (DetourListener listener = lab.builder().build()) {
      listener.start();
      Subscription a = listener.subscribe("shared", kept);
      Subscription b = listener.subscribe("shared", dropped);
      Subscription solo = listener.subscribe("solo", new Recorder());
      a.ready().get(5, TimeUnit.SECONDS);
      b.ready().get(5, TimeUnit.SECONDS);
      solo.ready().get(5, TimeUnit.SECONDS);
      listener.notify("shared", "1");
      await().atMost(Duration.ofSeconds(5)).until(() -> dropped.notifications().size() == 1);
      b.close();
      solo.close();
      assertThat(b.closed()).isCompleted();
      listener.notify("shared", "2");
      await().atMost(Duration.ofSeconds(5)).until(() -> kept.notifications().size() == 2);
      assertThat(dropped.notifications()).extracting(Notification::payload).containsExactly("1");
    }
  }
}
