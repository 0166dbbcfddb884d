package dev.detour.router.internal;

/**
 * Follows the bytes a PostgreSQL client socket has delivered to its readers, to tell whether a read
 * that ends now without a byte would leave a partly consumed unit behind. It answers {@link
 * #atBoundary()}: true on a plain-text connection (pgjdbc keeps what it has buffered across a
 * timeout, exactly as after a real one), and on a TLS connection only between two TLS records;
 * false while the connection is still choosing (the answer to an SSLRequest has not come), inside a
 * record, and for good once anything did not look as expected.
 *
 * <p>The first byte from the server says which it is:
 *
 * <ul>
 *   <li>{@code 'S'}, the answer to an SSLRequest: TLS records start with the next byte. A chunk
 *       that holds more than the {@code 'S'} is not followed (pgjdbc drops such bytes with its
 *       buffer).
 *   <li>{@code 'N'}, SSLRequest (or GSSENCRequest) declined: still choosing; another request or the
 *       startup follows. (Were it a NoticeResponse, its length's first byte, 0, would make the
 *       connection plain text at once.)
 *   <li>a TLS content type (20 to 24; 22, a handshake, with {@code sslnegotiation=direct}): TLS
 *       records start with this byte.
 *   <li>{@code 'G'} (GSSAPI encryption accepted): not followed.
 *   <li>anything else (an authentication request {@code 'R'}, an error {@code 'E'}): plain text.
 * </ul>
 *
 * <p>A TLS record is a 5-byte header (content type 20 to 24, major version 3, minor version, length
 * in bytes 3 and 4) and that many bytes. A header that does not look like that, or a length over
 * 2^14 + 2048 (the largest a TLS record may be), stops the following for good.
 *
 * <p>No allocation; a chunk costs at most one step per header byte in it. Not thread-safe: the
 * socket's reads are made one at a time, under the reader's own lock (pgjdbc's connection lock, the
 * TLS layer's read lock), which also orders this state in memory between reading threads.
 */
final class InboundFraming {

  /** The largest TLS record body (TLSCiphertext.length: 2^14 + 2048). */
  static final int MAX_RECORD_BODY = (1 << 14) + 2048;

  private static final int CHOOSING = 0;
  private static final int PLAIN = 1;
  private static final int TLS = 2;
  private static final int LOST = 3;

  private int mode = CHOOSING;
  private int headerSeen; // bytes of the current TLS record header seen so far, 0 to 4
  private int length; // the current header's length, as far as seen
  private int bodyLeft; // bytes of the current TLS record body still to come

  /**
   * Returns whether nothing is partly consumed: a plain-text connection, or a TLS one between two
   * records. False while choosing and once lost.
   */
  boolean atBoundary() {
    return mode == PLAIN || (mode == TLS && headerSeen == 0 && bodyLeft == 0);
  }

  /** Returns whether the bytes are followed as TLS records (for tests and diagnostics). */
  boolean tls() {
    return mode == TLS;
  }

  /**
   * Stops following for good: bytes were consumed without being seen (a skip; pgjdbc skips the rest
   * of a long message it does not want, as in COPY). Plain text needs no following and stays plain.
   */
  void lose() {
    if (mode != PLAIN) {
      mode = LOST;
    }
  }

  /** Notes one byte delivered to a reader. */
  void consumed(int b) {
    if (mode == PLAIN || mode == LOST) {
      return;
    }
    if (mode == CHOOSING) {
      if (choose(b, false)) {
        return;
      }
    }
    if (bodyLeft > 0) {
      bodyLeft--;
    } else {
      header(b);
    }
  }

  /** Notes {@code n} bytes of {@code buf} from {@code off} delivered to a reader. */
  void consumed(byte[] buf, int off, int n) {
    int i = off;
    int end = off + n;
    while (i < end && mode != PLAIN && mode != LOST) {
      if (mode == CHOOSING) {
        if (choose(buf[i], i + 1 < end)) {
          i++;
          continue;
        }
      }
      if (bodyLeft > 0) {
        int skip = Math.min(bodyLeft, end - i);
        bodyLeft -= skip;
        i += skip;
      } else {
        header(buf[i]);
        i++;
      }
    }
  }

  /**
   * Handles the first byte(s) from the server; returns true if the byte was used up here, false if
   * it is the first byte of a TLS record (the mode is TLS then).
   */
  private boolean choose(int b, boolean moreInChunk) {
    int v = b & 0xFF;
    if (v == 'S') {
      mode = moreInChunk ? LOST : TLS;
      return true;
    } else if (v == 'N') {
      return true; // still choosing
    } else if (v >= 20 && v <= 24) {
      mode = TLS;
      return false;
    } else if (v == 'G') {
      mode = LOST;
      return true;
    }
    mode = PLAIN;
    return true;
  }

  private void header(int b) {
    int v = b & 0xFF;
    switch (headerSeen) {
      case 0 -> {
        if (v < 20 || v > 24) {
          mode = LOST;
          return;
        }
      }
      case 1 -> {
        if (v != 3) {
          mode = LOST;
          return;
        }
      }
      case 2 -> {
        // minor version: any
      }
      case 3 -> length = v << 8;
      default -> {
        length |= v;
        if (length > MAX_RECORD_BODY) {
          mode = LOST;
          return;
        }
        bodyLeft = length;
        headerSeen = 0;
        return;
      }
    }
    headerSeen++;
  }
}
