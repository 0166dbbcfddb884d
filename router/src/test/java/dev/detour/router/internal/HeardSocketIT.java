package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HeardSocket} on a real loopback connection, the server side written by the test byte by
 * byte: where a read under a 1 ms read timeout is answered at once, and where it still waits. The
 * client always reads exactly what the server wrote before the read under test, so the kernel holds
 * nothing then.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HeardSocketIT {

  private ServerSocket server;
  private HeardSocket client;
  private Socket peer;
  private InputStream in;
  private OutputStream out;

  @BeforeEach
  void connect() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    client = new HeardSocket();
    client.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 5000);
    peer = server.accept();
    in = client.getInputStream();
    out = peer.getOutputStream();
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    peer.close();
    server.close();
  }

  /** The server sends {@code bytes}; the client reads exactly them (with a long timeout). */
  private void deliver(int... bytes) throws IOException {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    out.write(b);
    out.flush();
    client.setSoTimeout(5000);
    byte[] got = new byte[b.length];
    int off = 0;
    while (off < got.length) {
      int n = in.read(got, off, got.length - off);
      assertThat(n).as("end of stream").isPositive();
      off += n;
    }
    assertThat(got).isEqualTo(b);
  }

  /** A read under a 1 ms timeout times out; returns whether it was answered at once. */
  private boolean peekTimesOut(boolean singleByte) throws IOException {
    client.setSoTimeout(0);
    client.setSoTimeout(HeardSocket.PEEK_TIMEOUT_MILLIS);
    long before = client.quickAnswered();
    if (singleByte) {
      assertThatThrownBy(() -> in.read()).isInstanceOf(SocketTimeoutException.class);
    } else {
      assertThatThrownBy(() -> in.read(new byte[8192], 0, 8192))
          .isInstanceOf(SocketTimeoutException.class);
    }
    return client.quickAnswered() - before == 1;
  }

  @Test
  void overTlsOnlyARecordBoundaryIsAnsweredAtOnce() throws IOException {
    assertThat(peekTimesOut(false)).as("before the server said anything").isFalse();
    deliver('S'); // SSLRequest accepted: TLS records from here
    assertThat(peekTimesOut(false)).as("before the first record").isTrue();
    deliver(22, 3, 3); // part of a header
    assertThat(peekTimesOut(false)).as("inside a header").isFalse();
    deliver(0, 10, 1, 2, 3, 4); // the rest of the header (length 10) and 4 bytes of the body
    assertThat(peekTimesOut(false)).as("inside a body").isFalse();
    assertThat(peekTimesOut(true)).as("inside a body, one byte").isFalse();
    deliver(5, 6, 7, 8, 9, 10);
    assertThat(peekTimesOut(false)).as("after the record").isTrue();
    assertThat(peekTimesOut(true)).as("after the record, one byte").isTrue();
    deliver(23, 3, 3, 0, 2, 'a', 'b', 23, 3, 3, 0, 0); // a record, and an empty one
    assertThat(peekTimesOut(false)).isTrue();
  }

  @Test
  void directTlsIsFollowedFromTheFirstByte() throws IOException {
    deliver(22, 3, 3, 0, 1);
    assertThat(peekTimesOut(false)).as("inside a body").isFalse();
    deliver(0);
    assertThat(peekTimesOut(false)).isTrue();
  }

  @Test
  void plainTextIsAnsweredAtOnceAnywhere() throws IOException {
    deliver('N'); // SSLRequest declined
    assertThat(peekTimesOut(false)).as("still choosing").isFalse();
    deliver('R', 0, 0); // part of an authentication request: plain text
    assertThat(peekTimesOut(false)).isTrue();
    assertThat(peekTimesOut(true)).isTrue();
  }

  @Test
  void otherReadTimeoutsStillWait() throws IOException {
    deliver('R');
    client.setSoTimeout(2);
    long before = client.quickAnswered();
    assertThatThrownBy(() -> in.read(new byte[16], 0, 16))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(client.quickAnswered()).isEqualTo(before);
  }

  @Test
  void aReadThatWaitsForTheAnswerToAWriteIsNeverCutShort() throws IOException {
    deliver('R');
    client.setSoTimeout(HeardSocket.PEEK_TIMEOUT_MILLIS); // a statement under a 1 ms timeout
    client.getOutputStream().write('Q');
    long before = client.quickAnswered();
    assertThatThrownBy(() -> in.read(new byte[16], 0, 16))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(client.quickAnswered()).as("waited its 1 ms").isEqualTo(before);
    assertThat(peer.getInputStream().read()).isEqualTo('Q');
    assertThat(peekTimesOut(false)).as("the timeout set again, after the write").isTrue();
  }

  @Test
  void bytesInTheKernelAreReadUnderTheOneMillisecondTimeout() throws IOException {
    deliver('S', 23, 3, 3, 0, 0); // in one chunk: bytes after the 'S' are not followed
    assertThat(peekTimesOut(false)).as("lost: waits as before").isFalse();

    close();
    connect();
    deliver('R');
    out.write(new byte[] {'Z', 0, 0, 0, 5, 'I'});
    out.flush();
    await().atMost(10, TimeUnit.SECONDS).until(() -> in.available() == 6);
    client.setSoTimeout(HeardSocket.PEEK_TIMEOUT_MILLIS);
    byte[] got = new byte[16];
    assertThat(in.read(got, 0, 16)).isEqualTo(6);
    assertThat(got[0]).isEqualTo((byte) 'Z');
    assertThat(got[5]).isEqualTo((byte) 'I');
  }

  @Test
  void aSkipStopsTheQuickAnswerOverTlsButNotOverPlainText() throws IOException {
    deliver('S');
    out.write(new byte[] {23, 3, 3, 0, 0});
    out.flush();
    await().atMost(10, TimeUnit.SECONDS).until(() -> in.available() == 5);
    assertThat(in.skip(5)).isEqualTo(5);
    assertThat(peekTimesOut(false)).as("TLS bytes not seen: waits as before").isFalse();

    close();
    connect();
    deliver('R');
    out.write(1);
    out.flush();
    await().atMost(10, TimeUnit.SECONDS).until(() -> in.available() == 1);
    assertThat(in.skip(1)).isEqualTo(1); // pgjdbc skipping the rest of a long message
    assertThat(peekTimesOut(false)).isTrue();
  }

  @Test
  void aConnectionWhoseOwnTimeoutIsOneMillisecondIsNeverPolled() throws IOException {
    deliver('R');
    client.setSoTimeout(HeardSocket.PEEK_TIMEOUT_MILLIS); // a network timeout of 1 ms
    client.setSoTimeout(HeardSocket.PEEK_TIMEOUT_MILLIS); // pgjdbc's "more?": 1 ms to 1 ms
    long before = client.quickAnswered();
    assertThatThrownBy(() -> in.read(new byte[16], 0, 16))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(client.quickAnswered()).as("waited its 1 ms").isEqualTo(before);
  }

  @Test
  void aPollThatFoundBytesWaitsForTheRestOfTheMessage() throws IOException {
    deliver('R');
    out.write(new byte[] {'A', 0, 0}); // the start of a notification; the rest comes later
    out.flush();
    await().atMost(10, TimeUnit.SECONDS).until(() -> in.available() == 3);
    client.setSoTimeout(0);
    client.setSoTimeout(HeardSocket.PEEK_TIMEOUT_MILLIS); // the poll
    assertThat(in.read(new byte[3], 0, 3)).isEqualTo(3);
    long before = client.quickAnswered();
    assertThatThrownBy(() -> in.read(new byte[16], 0, 16))
        .as("still under 1 ms, but reading the rest of a message")
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(client.quickAnswered()).as("waited its 1 ms").isEqualTo(before);
  }

  @Test
  void theEndOfTheStreamIsReportedByTheNextLongerRead() throws IOException {
    deliver('R');
    peer.shutdownOutput(); // FIN: the kernel holds no byte, so the 1 ms poll says "nothing yet"
    assertThat(peekTimesOut(false)).isTrue();
    client.setSoTimeout(5000);
    assertThat(in.read()).as("pgjdbc's next wait reads the end").isEqualTo(-1);
  }

  @Test
  void theHandshakeHedgeStillSeesWhetherThePeerSpoke() throws IOException {
    assertThat(client.heard()).isFalse();
    deliver('S');
    assertThat(client.heard()).isTrue();
  }
}
