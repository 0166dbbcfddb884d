package dev.detour.testkit.pg;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Properties;
import javax.net.SocketFactory;

/**
 * A pgjdbc {@code socketFactory} that connects every socket to 127.0.0.1 on the URL's port,
 * whatever host the URL names. pgjdbc skips its own lookup and connect for a connected socket, yet
 * still uses the URL's host for SNI and the {@code verify-full} name check: so a test can connect
 * "to" {@code db.neon.test} without DNS.
 */
public final class LoopbackSocketFactory extends SocketFactory {

  private static final int CONNECT_TIMEOUT_MILLIS = 30_000;

  private final int port;

  /** Called by pgjdbc with the connection properties, which include {@code PGPORT}. */
  public LoopbackSocketFactory(Properties info) {
    this.port = Integer.parseInt(info.getProperty("PGPORT"));
  }

  @Override
  public Socket createSocket() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) {
    throw new UnsupportedOperationException("pgjdbc calls createSocket() only");
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
    throw new UnsupportedOperationException("pgjdbc calls createSocket() only");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw new UnsupportedOperationException("pgjdbc calls createSocket() only");
  }

  @Override
  public Socket createSocket(
      InetAddress address, int port, InetAddress localAddress, int localPort) {
    throw new UnsupportedOperationException("pgjdbc calls createSocket() only");
  }
}
