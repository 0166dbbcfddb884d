package dev.detour.testkit.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the TLS server name (SNI) passively from the start of a client-to-server byte stream,
 * without terminating TLS.
 *
 * <p>Understands PostgreSQL's negotiation (8-byte {@code SSLRequest} or {@code GSSENCRequest}
 * packets before the handshake) and direct TLS (the stream starts with a handshake record). Steps:
 * 1. skip leading 8-byte negotiation requests; 2. reassemble handshake records ({@code 0x16}) until
 * one whole ClientHello is buffered; 3. read its {@code server_name} extension. Gives up (with no
 * name) on anything else, such as a plain startup message, or after {@value #MAX_BYTES} bytes. Not
 * thread-safe: one instance per connection direction.
 */
final class SniSniffer {

  private static final int MAX_BYTES = 1 << 16;
  private static final int SSL_REQUEST_CODE = 80877103;
  private static final int GSSENC_REQUEST_CODE = 80877104;
  private static final int HANDSHAKE_RECORD = 0x16;
  private static final int CLIENT_HELLO = 1;
  private static final int SERVER_NAME_EXTENSION = 0;
  private static final int HOST_NAME = 0;

  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  private boolean done;
  private String serverName;

  /** Returns whether the sniffer has stopped looking (found a name, or gave up). */
  boolean isDone() {
    return done;
  }

  /** Returns the server name, once found. */
  Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  /**
   * Feeds the next bytes of the stream.
   *
   * @return true exactly once: on the call that found the server name
   */
  boolean feed(byte[] bytes, int offset, int length) {
    if (done) {
      return false;
    }
    seen.write(bytes, offset, length);
    ByteBuffer buffer = ByteBuffer.wrap(seen.toByteArray());
    Optional<byte[]> hello = Optional.empty();
    try {
      hello = clientHello(buffer);
    } catch (IllegalStateException notTls) {
      done = true;
    }
    if (hello.isPresent()) {
      done = true;
      serverName = parseServerName(hello.get()).orElse(null);
      return serverName != null;
    }
    if (seen.size() >= MAX_BYTES) {
      done = true;
    }
    return false;
  }

  /**
   * Returns the whole ClientHello handshake message once buffered, empty if more bytes are needed;
   * throws IllegalStateException if the stream is not a TLS client start.
   */
  private static Optional<byte[]> clientHello(ByteBuffer in) {
    while (in.remaining() >= 1 && in.get(in.position()) == 0) {
      if (in.remaining() < 8) {
        return Optional.empty();
      }
      int length = in.getInt();
      int code = in.getInt();
      if (length != 8 || (code != SSL_REQUEST_CODE && code != GSSENC_REQUEST_CODE)) {
        throw new IllegalStateException("not a negotiation request");
      }
    }
    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    while (in.remaining() >= 5) {
      int type = in.get() & 0xff;
      in.getShort(); // record version
      int length = in.getShort() & 0xffff;
      if (type != HANDSHAKE_RECORD) {
        throw new IllegalStateException("not a handshake record");
      }
      if (in.remaining() < length) {
        return Optional.empty();
      }
      byte[] fragment = new byte[length];
      in.get(fragment);
      handshake.writeBytes(fragment);
      byte[] message = handshake.toByteArray();
      if (message.length >= 4) {
        if ((message[0] & 0xff) != CLIENT_HELLO) {
          throw new IllegalStateException("first handshake message is not a ClientHello");
        }
        int messageLength =
            ((message[1] & 0xff) << 16) | ((message[2] & 0xff) << 8) | (message[3] & 0xff);
        if (message.length >= 4 + messageLength) {
          return Optional.of(Arrays.copyOfRange(message, 0, 4 + messageLength));
        }
      }
    }
    if (in.remaining() >= 1 && (in.get(in.position()) & 0xff) != HANDSHAKE_RECORD) {
      throw new IllegalStateException("not a handshake record");
    }
    return Optional.empty();
  }

  /**
   * Returns the host name in a ClientHello handshake message (with its 4-byte header), if it has a
   * {@code server_name} extension naming a host.
   */
  static Optional<String> parseServerName(byte[] clientHello) {
    try {
      ByteBuffer in = ByteBuffer.wrap(clientHello);
      if ((in.get() & 0xff) != CLIENT_HELLO) {
        return Optional.empty();
      }
      in.position(4 + 2 + 32); // header, legacy_version, random
      skip(in, in.get() & 0xff); // session id
      skip(in, in.getShort() & 0xffff); // cipher suites
      skip(in, in.get() & 0xff); // compression methods
      if (in.remaining() < 2) {
        return Optional.empty();
      }
      int extensionsEnd = (in.getShort() & 0xffff) + in.position();
      while (in.position() + 4 <= extensionsEnd) {
        int type = in.getShort() & 0xffff;
        int length = in.getShort() & 0xffff;
        if (type != SERVER_NAME_EXTENSION) {
          skip(in, length);
          continue;
        }
        int listEnd = (in.getShort() & 0xffff) + in.position();
        while (in.position() + 3 <= listEnd) {
          int nameType = in.get() & 0xff;
          byte[] name = new byte[in.getShort() & 0xffff];
          in.get(name);
          if (nameType == HOST_NAME) {
            return Optional.of(new String(name, StandardCharsets.US_ASCII));
          }
        }
        return Optional.empty();
      }
      return Optional.empty();
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  private static void skip(ByteBuffer in, int count) {
    in.position(in.position() + count);
  }
}
