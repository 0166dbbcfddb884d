package dev.detour.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code AddressChangeListener} promises to run outside any resolver lock. */
class ListenerLocksTest {

  private final Fixture f = new Fixture();
  private final List<String> heldByListener = new CopyOnWriteArrayList<>();
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void recordLocksHeldByTheListener() {
    f.resolver.addListener(
        (host, before, after) -> {
          heard.add(host);
          ThreadInfo info =
              ManagementFactory.getThreadMXBean()
                  .getThreadInfo(new long[] {Thread.currentThread().getId()}, true, false)[0];
          for (MonitorInfo m : info.getLockedMonitors()) {
            if (m.getClassName().startsWith("dev.detour.resolver.")) {
              heldByListener.add(m.getClassName() + " in " + m.getLockedStackFrame());
            }
          }
        });
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void listenerHearsAnAnswerThatCameAtOnceOutsideEveryResolverLock() {
    f.dns.a("db.test", 60, "127.0.0.1");

    f.resolveNow("db.test");

    assertThat(heard).containsExactly("db.test");
    assertThat(heldByListener).isEmpty();
  }

  @Test
  void listenerHearsAnAnswerThatCameLateOutsideEveryResolverLock() {
    f.dns.a("db.test", 60, "127.0.0.1").delay("db.test", "A", Duration.ofMillis(20));

    f.start("db.test");
    f.clock.advance(Duration.ofMillis(20));

    assertThat(heard).containsExactly("db.test");
    assertThat(heldByListener).isEmpty();
  }
}
