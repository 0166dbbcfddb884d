package dev.detour.router;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real TCP endpoints on 127.0.0.x for router integration tests: a minimal PostgreSQL front door
 * (answers SSLRequest with {@code N}, or stalls), and a SYN black hole (a backlog-1 server socket
 * whose queue is full). Every thread is a named daemon and ends on {@link #close()}.
 */
final class LoopbackServers implements AutoCloseable {

  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

  static InetAddress ip(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Returns a port that is free on 127.0.0.1 (and, in practice, on the other 127.0.0.x). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, ip(1))) {
      return s.getLocalPort();
    }
  }

  /** Serves on {@code ip:port}: answers an SSLRequest with 'N' unless {@code stall}. */
  void server(InetAddress ip, int port, boolean stall) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(ip, port), 50);
    closeables.add(server);
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  closeables.add(s);
                  Thread h =
                      new Thread(() -> handle(s, stall), "test-pg-conn-" + ip.getHostAddress());
                  h.setDaemon(true);
                  h.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "test-pg-" + ip.getHostAddress());
    t.setDaemon(true);
    t.start();
  }

  private static void handle(Socket s, boolean stall) {
    try (s) {
      InputStream in = s.getInputStream();
      byte[] request = in.readNBytes(8);
      if (!stall && request.length == 8 && request[4] == 0x04 && request[5] == (byte) 0xd2) {
        s.getOutputStream().write('N');
        s.getOutputStream().flush();
      }
      while (in.read() >= 0) {
        // hold the connection until the client goes
      }
    } catch (IOException e) {
      // client gone or server closing
    }
  }

  /**
   * Makes {@code ip:port} drop SYNs: a backlog-1 listener whose queue is filled, never accepted.
   */
  void blackhole(InetAddress ip, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(ip, port), 1);
    closeables.add(server);
    List<Socket> fillers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(ip, port), 300);
        fillers.add(s);
        closeables.add(s);
      } catch (SocketTimeoutException e) {
        s.close();
        return; // the queue is full: SYNs are now dropped
      }
    }
    throw new IllegalStateException("could not fill the backlog of " + ip + ":" + port);
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
    closeables.clear();
  }
}
