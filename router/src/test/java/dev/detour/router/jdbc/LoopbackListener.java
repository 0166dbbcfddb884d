package dev.detour.router.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on a loopback address that accepts connections, counts them and never answers: a
 * trap that shows whether anything connected to it, or a server that stalls after accept.
 */
final class LoopbackListener implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService acceptor;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  final AtomicInteger acceptCount = new AtomicInteger();

  LoopbackListener(String address, int port) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(address), port), 50);
    acceptor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "test-listener-" + address);
              t.setDaemon(true);
              return t;
            });
    acceptor.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.add(s);
        acceptCount.incrementAndGet();
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : accepted) {
      s.close();
    }
    acceptor.shutdownNow();
  }
}
