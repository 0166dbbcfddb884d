package dev.detour.testkit.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.core.NamedThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SniSnifferTest {

  private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};
  private static final byte[] GSSENC_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x30};

  private static ExecutorService executor;
  private static byte[] helloWithSni;
  private static byte[] helloWithoutSni;

  @BeforeAll
  static void captureClientHellos() throws Exception {
    executor = Executors.newCachedThreadPool(new NamedThreadFactory("test-sni-client"));
    helloWithSni = captureClientHello("db.neon.test");
    helloWithoutSni = captureClientHello(null);
  }

  @AfterAll
  static void stopExecutor() {
    executor.shutdownNow();
  }

  /**
   * Starts a real JDK TLS handshake against a plain server socket on 127.0.0.1 and returns the
   * bytes the client sent until its ClientHello was complete.
   */
  private static byte[] captureClientHello(String serverName) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      SSLSocket client = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket();
      SSLParameters parameters = client.getSSLParameters();
      parameters.setServerNames(
          serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
      client.setSSLParameters(parameters);
      client.connect(server.getLocalSocketAddress(), 5_000);
      client.setSoTimeout(10_000);
      executor.execute(
          () -> {
            try {
              client.startHandshake();
            } catch (Exception expected) {
              // the server never answers; the handshake fails when the socket closes
            }
          });
      try (Socket accepted = server.accept();
          client) {
        accepted.setSoTimeout(10_000);
        return readOneClientHello(accepted.getInputStream());
      }
    }
  }

  private static byte[] readOneClientHello(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] header = in.readNBytes(5);
    bytes.write(header);
    int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
    bytes.write(in.readNBytes(length));
    return bytes.toByteArray();
  }

  private static SniSniffer sniff(byte[]... parts) {
    SniSniffer sniffer = new SniSniffer();
    for (byte[] part : parts) {
      sniffer.feed(part, 0, part.length);
    }
    return sniffer;
  }

  @Test
  void capturedClientHelloIsATlsHandshakeRecord() {
    assertThat(helloWithSni[0]).isEqualTo((byte) 0x16);
    assertThat(helloWithSni[5]).as("handshake type ClientHello").isEqualTo((byte) 1);
  }

  @Test
  void directTlsClientHelloYieldsTheServerName() {
    SniSniffer sniffer = sniff(helloWithSni);

    assertThat(sniffer.isDone()).isTrue();
    assertThat(sniffer.serverName()).contains("db.neon.test");
  }

  @Test
  void postgresSslRequestBeforeTheClientHelloIsSkipped() {
    assertThat(sniff(SSL_REQUEST, helloWithSni).serverName()).contains("db.neon.test");
  }

  @Test
  void gssEncRequestThenSslRequestBeforeTheClientHelloAreSkipped() {
    assertThat(sniff(GSSENC_REQUEST, SSL_REQUEST, helloWithSni).serverName())
        .contains("db.neon.test");
  }

  @Test
  void bytesFedOneAtATimeYieldTheNameExactlyOnce() {
    byte[] stream = concat(SSL_REQUEST, helloWithSni);
    SniSniffer sniffer = new SniSniffer();
    int found = 0;
    for (byte b : stream) {
      if (sniffer.feed(new byte[] {b}, 0, 1)) {
        found++;
      }
    }

    assertThat(found).isEqualTo(1);
    assertThat(sniffer.serverName()).contains("db.neon.test");
  }

  @Test
  void clientHelloSplitOverTwoRecordsIsReassembled() {
    byte[] body = Arrays.copyOfRange(helloWithSni, 5, helloWithSni.length);
    int half = body.length / 2;
    byte[] first = record(Arrays.copyOfRange(body, 0, half));
    byte[] second = record(Arrays.copyOfRange(body, half, body.length));

    assertThat(sniff(first, second).serverName()).contains("db.neon.test");
  }

  @Test
  void clientHelloWithoutServerNameYieldsNothing() {
    SniSniffer sniffer = sniff(helloWithoutSni);

    assertThat(sniffer.isDone()).isTrue();
    assertThat(sniffer.serverName()).isEmpty();
  }

  @Test
  void plainPostgresStartupMessageIsNotTls() {
    ByteBuffer startup = ByteBuffer.allocate(17);
    startup.putInt(17).putInt(196608).put("user\0me\0\0".getBytes());
    SniSniffer sniffer = sniff(startup.array());

    assertThat(sniffer.isDone()).isTrue();
    assertThat(sniffer.serverName()).isEmpty();
  }

  @Test
  void incompleteClientHelloWaitsForMoreBytes() {
    SniSniffer sniffer = sniff(Arrays.copyOf(helloWithSni, helloWithSni.length - 1));

    assertThat(sniffer.isDone()).isFalse();
    assertThat(sniffer.serverName()).isEmpty();
  }

  @Test
  void truncatedClientHelloNeverThrowsNorYieldsAWrongName() {
    byte[] message = Arrays.copyOfRange(helloWithSni, 5, helloWithSni.length);
    for (int cut = 0; cut < message.length; cut++) {
      Optional<String> name = SniSniffer.parseServerName(Arrays.copyOf(message, cut));
      if (cut < 4 + 2 + 32 + 1) {
        assertThat(name).as("cut at %d, before the extensions", cut).isEmpty();
      } else {
        assertThat(name.orElse("db.neon.test")).as("cut at %d", cut).isEqualTo("db.neon.test");
      }
    }
    assertThat(SniSniffer.parseServerName(message)).contains("db.neon.test");
  }

  private static byte[] record(byte[] fragment) {
    ByteBuffer record = ByteBuffer.allocate(5 + fragment.length);
    record.put((byte) 0x16).put((byte) 3).put((byte) 1).putShort((short) fragment.length);
    return record.put(fragment).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
