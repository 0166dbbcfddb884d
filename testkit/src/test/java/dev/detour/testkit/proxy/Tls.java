package dev.detour.testkit.proxy;

import dev.detour.core.NamedThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Starts real JDK TLS handshakes with SNI for proxy tests; the handshakes never complete. */
final class Tls {

  private static final ExecutorService HANDSHAKES =
      Executors.newCachedThreadPool(new NamedThreadFactory("test-tls-handshake"));

  private Tls() {}

  /** Connects to {@code address} and starts a direct TLS handshake naming {@code serverName}. */
  static Socket startHandshake(InetSocketAddress address, String serverName) throws IOException {
    Socket plain = new Socket();
    plain.connect(address, 2_000);
    return startHandshakeOn(plain, address, serverName);
  }

  /**
   * Layers TLS over an already connected socket (as pgjdbc does after its SSLRequest got 'S') and
   * starts the handshake in the background.
   */
  static SSLSocket startHandshakeOn(Socket plain, InetSocketAddress address, String serverName)
      throws IOException {
    SSLSocket tls;
    try {
      tls =
          (SSLSocket)
              SSLContext.getDefault()
                  .getSocketFactory()
                  .createSocket(plain, address.getHostString(), address.getPort(), true);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(serverName)));
    tls.setSSLParameters(parameters);
    tls.setSoTimeout(10_000);
    HANDSHAKES.execute(
        () -> {
          try {
            tls.startHandshake();
          } catch (IOException expected) {
            // no real TLS server behind the proxy: the handshake fails, the ClientHello went out
          }
        });
    return tls;
  }
}
