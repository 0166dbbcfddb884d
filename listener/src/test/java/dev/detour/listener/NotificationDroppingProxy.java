package dev.detour.listener;

import dev.detour.core.NamedThreadFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of PostgreSQL that forwards the wire protocol unchanged, except
 * that it can drop every NotificationResponse ({@code 'A'}) the server sends: the session, its
 * {@code LISTEN} and its {@code pg_notify} all work, but no notification reaches the client, as
 * behind a transaction pooler that moved the session. Real sockets; pgjdbc is not touched.
 *
 * <p>The server-to-client stream is read message by message (type byte, then a length that counts
 * itself), so the client must not ask for TLS or GSS encryption: connect with {@code
 * sslmode=disable} and {@code gssEncMode=disable}. The client-to-server stream is copied as is.
 */
final class NotificationDroppingProxy implements AutoCloseable {

  private static final byte NOTIFICATION_RESPONSE = 'A';
  private static final byte READY_FOR_QUERY = 'Z';

  private final InetSocketAddress backend;
  private final boolean dropNotifications;
  private final ServerSocket server;
  private final NamedThreadFactory threads = new NamedThreadFactory("notification-dropping-proxy");
  private final List<Thread> started = new CopyOnWriteArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile boolean closed;

  private NotificationDroppingProxy(InetSocketAddress backend, boolean dropNotifications)
      throws IOException {
    this.backend = backend;
    this.dropNotifications = dropNotifications;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    start(this::acceptLoop);
  }

  /** A proxy that drops every notification the server sends. */
  static NotificationDroppingProxy dropping(InetSocketAddress backend) throws IOException {
    return new NotificationDroppingProxy(backend, true);
  }

  /** The same proxy, forwarding notifications too: the control that it is otherwise faithful. */
  static NotificationDroppingProxy forwarding(InetSocketAddress backend) throws IOException {
    return new NotificationDroppingProxy(backend, false);
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many client connections were accepted (logged in or not: the router's probes too). */
  int accepted() {
    return accepted.get();
  }

  /** How many connections logged in: the server sent them their first ReadyForQuery. */
  int loggedInSessions() {
    return sessions.get();
  }

  /** How many proxied sessions are still open (neither side has closed). */
  int openSessions() {
    return open.get();
  }

  /** How many NotificationResponse messages the server sent and the proxy dropped. */
  int droppedNotifications() {
    return dropped.get();
  }

  /** How many NotificationResponse messages were forwarded to the client. */
  int forwardedNotifications() {
    return forwarded.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      open.incrementAndGet();
      AtomicBoolean ended = new AtomicBoolean();
      Runnable end =
          () -> {
            if (ended.compareAndSet(false, true)) {
              open.decrementAndGet();
            }
          };
      sockets.add(client);
      Socket upstream = new Socket();
      sockets.add(upstream);
      try {
        upstream.connect(backend, 5_000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        closeBoth(client, upstream);
        end.run();
        continue;
      }
      start(() -> copy(client, upstream, end));
      start(() -> filter(upstream, client, end));
    }
  }

  private void copy(Socket from, Socket to, Runnable end) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close both below
    } finally {
      closeBoth(from, to);
      end.run();
    }
  }

  /**
   * Forwards the server's messages one by one, dropping NotificationResponse when asked. Before the
   * first framed message, a lone {@code 'N'} (or {@code 'G'}) is the server's one-byte answer to an
   * SSLRequest or GSSENCRequest (the router's probe sends one) and is forwarded as is; a lone
   * {@code 'S'} starts TLS, after which the stream is copied unread.
   */
  private void filter(Socket server, Socket client, Runnable end) {
    try {
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(server.getInputStream(), 16384));
      OutputStream out = new BufferedOutputStream(client.getOutputStream(), 16384);
      boolean framed = false;
      boolean ready = false;
      while (true) {
        int type = in.read();
        if (type < 0) {
          return;
        }
        if (!framed && (type == 'N' || type == 'G' || type == 'S')) {
          out.write(type);
          out.flush();
          if (type == 'S') {
            in.transferTo(out); // TLS: nothing more can be read
            return;
          }
          continue;
        }
        framed = true;
        int length = in.readInt();
        if (length < 4) {
          throw new IOException("bad message length " + length + " for type " + (char) type);
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        if (type == NOTIFICATION_RESPONSE && dropNotifications) {
          dropped.incrementAndGet();
        } else {
          if (type == NOTIFICATION_RESPONSE) {
            forwarded.incrementAndGet();
          }
          if (type == READY_FOR_QUERY && !ready) {
            ready = true;
            sessions.incrementAndGet();
          }
          out.write(type);
          out.write(length >>> 24);
          out.write(length >>> 16);
          out.write(length >>> 8);
          out.write(length);
          out.write(body);
        }
        if (in.available() == 0) {
          out.flush(); // nothing more buffered: the client may be waiting for this
        }
      }
    } catch (EOFException e) {
      // the server closed mid-message
    } catch (IOException e) {
      // one side closed
    } finally {
      closeBoth(server, client);
      end.run();
    }
  }

  private void start(Runnable task) {
    Thread t = threads.newThread(task);
    started.add(t);
    t.start();
  }

  private void closeBoth(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  /** Closes every socket and waits (bounded) for the proxy's threads to end. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    closeQuietly(server);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    for (Thread t : started) {
      t.join(5_000);
    }
  }
}
