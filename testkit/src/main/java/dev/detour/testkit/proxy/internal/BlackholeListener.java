package dev.detour.testkit.proxy.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that makes Linux drop new SYNs to its address: a server socket with backlog 1 that is
 * never accepted, whose accept queue is filled by local filler connections. While the queue is
 * full, the kernel drops every new SYN, so a client's connect times out instead of being refused.
 * Not thread-safe; owned by one {@link AddressSlot}.
 */
final class BlackholeListener implements AutoCloseable {

  private static final int FILLER_CONNECT_TIMEOUT_MILLIS = 200;
  private static final int MAX_FILLERS = 16;

  private final ServerSocket server;
  private final List<Socket> fillers = new ArrayList<>();

  private BlackholeListener(ServerSocket server) {
    this.server = server;
  }

  /**
   * Binds {@code address} with backlog 1 and fills the queue: connects fillers until one connect
   * times out (which proves SYNs are now dropped), at most {@value #MAX_FILLERS}.
   *
   * @throws IOException if the bind fails, or the queue could not be filled
   */
  static BlackholeListener open(InetSocketAddress address) throws IOException {
    ServerSocket server = new ServerSocket();
    BlackholeListener listener = new BlackholeListener(server);
    try {
      server.setReuseAddress(true);
      server.bind(address, 1);
      for (int i = 0; i < MAX_FILLERS; i++) {
        Socket filler = new Socket();
        try {
          filler.connect(address, FILLER_CONNECT_TIMEOUT_MILLIS);
          listener.fillers.add(filler);
        } catch (SocketTimeoutException full) {
          filler.close();
          return listener;
        }
      }
      throw new IOException(
          address + ": accept queue still not full after " + MAX_FILLERS + " filler connections");
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  int fillerCount() {
    return fillers.size();
  }

  @Override
  public void close() {
    ProxyConnection.closeQuietly(server);
    for (Socket filler : fillers) {
      ProxyConnection.closeQuietly(filler);
    }
    fillers.clear();
  }
}
