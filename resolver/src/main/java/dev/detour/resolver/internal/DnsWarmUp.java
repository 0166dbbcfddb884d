package dev.detour.resolver.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Loads dnsjava's message codec ahead of a process's first lookup, on a thread of its own.
 *
 * <p>The first DNS message a JVM builds or parses with dnsjava initialises its record-type table
 * (about 70 record classes, each registered through a method reference) and a {@code SecureRandom}
 * for message ids: some 200 classes, tens of milliseconds on a cold JVM. A caller that knows a
 * lookup is coming (the {@code jdbc:detour:} driver, when it first sees a URL, before it builds its
 * router and calls pgjdbc) starts this warm-up so that the class loading runs beside its own
 * start-up instead of in front of the lookup. The warm-up encodes and decodes one message in
 * memory: no socket, no file, no network.
 *
 * <p>At most one warm-up runs per process: {@link #start} starts a thread named {@code
 * detour-dns-warmup} (a daemon) the first time only, and that thread ends as soon as the codec is
 * loaded. Thread-safe.
 */
public final class DnsWarmUp {

  /** The warm-up thread's name. */
  public static final String THREAD_NAME = "detour-dns-warmup";

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private DnsWarmUp() {}

  /**
   * Starts the warm-up for a lookup of {@code host}, unless one was started before in this process
   * or {@code host} needs no DNS (null, or an IP literal). The first start initialises slf4j on the
   * calling thread before it starts the warm-up thread.
   *
   * @param host the host name a lookup is coming for (may be null)
   * @return whether this call started the warm-up thread
   */
  public static boolean start(String host) {
    if (host == null || IpLiterals.parse(host) != null) {
      return false;
    }
    if (!STARTED.compareAndSet(false, true)) {
      return false;
    }
    // slf4j first, on the caller's thread: dnsjava's classes log through it, and slf4j replays
    // (with a warning on stderr) any call another thread makes while it is initialising, which a
    // lookup's thread would do if this thread initialised it beside that lookup
    LoggerFactory.getILoggerFactory();
    Thread t = new Thread(new Task(), THREAD_NAME);
    t.setDaemon(true);
    t.start();
    return true;
  }

  /**
   * Encodes a query with an A record answer and decodes it again, which loads and initialises the
   * classes every lookup needs.
   *
   * @return the decoded message's answer count (1), as a check that the round trip ran
   * @throws IOException if dnsjava cannot decode its own encoding (never expected)
   */
  static int run() throws IOException {
    Message message = Message.newQuery(Record.newRecord(Name.root, Type.A, DClass.IN));
    message.addRecord(
        new ARecord(Name.root, DClass.IN, 60, InetAddress.getLoopbackAddress()), Section.ANSWER);
    Message decoded = new Message(message.toWire());
    return decoded.getSection(Section.ANSWER).size();
  }

  /** The warm-up thread's task (a named class: a lambda would be one more class to spin). */
  private static final class Task implements Runnable {
    @Override
    public void run() {
      try {
        DnsWarmUp.run();
      } catch (IOException | RuntimeException e) {
        // only a warm-up: the lookup itself loads what is missing and reports its own errors
      }
    }
  }

  /** Forgets that the warm-up started (for tests). */
  static void resetForTest() {
    STARTED.set(false);
  }
}
