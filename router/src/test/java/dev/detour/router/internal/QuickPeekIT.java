package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterRegistry;
import dev.detour.router.TestRouters;
import dev.detour.testkit.pg.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@link HeardSocket}'s quick "nothing more" answer to pgjdbc's 1 ms read, end to end: a real
 * {@code jdbc:detour:} connection (real router) to a real PostgreSQL, plain and TLS, LISTENs while
 * another connection sends notifications of every size up to the largest, singly and in bursts;
 * every one must arrive once, in order and intact, and the quick answer must have been given.
 */
class QuickPeekIT {

  private static final String CHANNEL = "quick_peek";
  private static final int ROUNDS = 60;

  @BeforeAll
  static void realRouters() {
    TestRouters.reset();
  }

  @AfterAll
  static void closeRouters() {
    RouterRegistry.closeAll();
  }

  @Test
  void plainTextDeliversEveryNotificationOnceInOrder() throws Exception {
    deliversEveryNotification(TestPostgres.shared(), new Properties(), false);
  }

  @Test
  void tlsDeliversEveryNotificationOnceInOrder() throws Exception {
    deliversEveryNotification(TestPostgres.sharedTls(), new Properties(), true);
  }

  @Test
  void directTlsDeliversEveryNotificationOnceInOrder() throws Exception {
    Properties direct = new Properties();
    direct.setProperty("sslNegotiation", "direct"); // no SSLRequest: TLS from the first byte
    deliversEveryNotification(TestPostgres.sharedTls(), direct, true);
  }

  private static void deliversEveryNotification(TestPostgres pg, Properties extra, boolean tls)
      throws Exception {
    Random random = new Random(tls ? 21 : 20);
    List<List<String>> bursts = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      int size = new int[] {1, 1, 1, 3, 12, 40}[random.nextInt(6)];
      List<String> burst = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        String payload = payload(expected.size(), random);
        burst.add(payload);
        expected.add(payload);
      }
      bursts.add(burst);
    }
    Properties props = pg.connectionProperties();
    props.putAll(extra);
    String url = "jdbc:detour:postgresql://127.0.0.1:" + pg.port() + "/" + pg.database();
    long quickBefore = HeardSocket.quickAnswers();
    ExecutorService senderThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "quick-peek-it-sender");
              t.setDaemon(true);
              return t;
            });
    try (Connection listener = DriverManager.getConnection(url, props)) {
      assertThat(value(listener, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
          .isEqualTo(tls ? "t" : "f");
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN " + CHANNEL); // autocommit: listening from here on
      }
      Future<?> sent =
          senderThread.submit(
              () -> {
                send(pg, bursts);
                return null;
              });
      PGConnection pgListener = listener.unwrap(PGConnection.class);
      List<String> received = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (received.size() < expected.size() && System.nanoTime() < deadline) {
        PGNotification[] got = pgListener.getNotifications(200);
        for (PGNotification n : got == null ? new PGNotification[0] : got) {
          assertThat(n.getName()).isEqualTo(CHANNEL);
          int index = received.size();
          assertThat(index).as("more notifications than were sent").isLessThan(expected.size());
          assertThat(n.getParameter())
              .as("notification %d (%d bytes)", index, expected.get(index).length())
              .isEqualTo(expected.get(index));
          received.add(n.getParameter());
        }
      }
      sent.get(10, TimeUnit.SECONDS);
      assertThat(received).hasSameSizeAs(expected);
      PGNotification[] after = pgListener.getNotifications(100);
      assertThat(after == null ? 0 : after.length).as("nothing twice").isZero();
      // the connection is still in step after all that: a plain query works
      assertThat(value(listener, "select 41 + 1")).isEqualTo("42");
    } finally {
      senderThread.shutdownNow();
    }
    assertThat(HeardSocket.quickAnswers() - quickBefore)
        .as("pgjdbc's 1 ms 'more?' reads answered at once (none would mean the shortcut is off)")
        .isPositive();
  }

  /** A payload that starts with its index; every third one near the largest (7999 bytes). */
  private static String payload(int index, Random random) {
    int length =
        switch (index % 3) {
          case 0 -> 7990 + random.nextInt(10);
          case 1 -> 10 + random.nextInt(300);
          default -> 7 + random.nextInt(3000);
        };
    StringBuilder b = new StringBuilder(length).append(String.format("%06d:", index));
    while (b.length() < length) {
      b.append((char) ('a' + (b.length() * 7 + index) % 26));
    }
    return b.toString();
  }

  /**
   * Sends each burst: one alone in autocommit, several in one transaction (they arrive at once).
   */
  private static void send(TestPostgres pg, List<List<String>> bursts) throws Exception {
    try (Connection sender = pg.connect(pg.database());
        PreparedStatement notify = sender.prepareStatement("select pg_notify(?, ?)")) {
      for (List<String> burst : bursts) {
        sender.setAutoCommit(burst.size() == 1);
        for (String payload : burst) {
          notify.setString(1, CHANNEL);
          notify.setString(2, payload);
          notify.execute();
        }
        if (burst.size() > 1) {
          sender.commit();
        }
      }
    }
  }

  private static String value(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
