package dev.detour.testkit.proxy;

import dev.detour.core.NamedThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain-socket backend on 127.0.0.1 for proxy tests: an echo server, or a server that answers a
 * PostgreSQL SSLRequest with 'S' and then swallows everything. Closing it closes every socket.
 */
final class TestBackend implements AutoCloseable {

  private interface Handler {
    void handle(InputStream in, OutputStream out) throws IOException;
  }

  private final ServerSocket server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(new NamedThreadFactory("test-backend"));
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

  private TestBackend(Handler handler) throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    threads.execute(() -> acceptLoop(handler));
  }

  /** Echoes every byte back. */
  static TestBackend echo() throws IOException {
    return new TestBackend(
        (in, out) -> {
          byte[] buffer = new byte[8192];
          for (int read; (read = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, read);
            out.flush();
          }
        });
  }

  /** Answers the 8-byte SSLRequest with 'S' (TLS accepted), then reads and drops the rest. */
  static TestBackend postgresSslYes() throws IOException {
    return new TestBackend(
        (in, out) -> {
          in.readNBytes(8);
          out.write('S');
          out.flush();
          in.transferTo(OutputStream.nullOutputStream());
        });
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop(Handler handler) {
    while (true) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException closed) {
        return;
      }
      sockets.add(socket);
      threads.execute(
          () -> {
            try (socket) {
              handler.handle(socket.getInputStream(), socket.getOutputStream());
            } catch (IOException closedOrReset) {
              // the test is over for this connection
            } finally {
              sockets.remove(socket);
            }
          });
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    threads.shutdownNow();
  }
}
