package dev.detour.router.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A plain socket that notes whether the peer has sent anything yet, so that the driver's handshake
 * hedge can tell a silent address (it accepted TCP and then said nothing: a stall) from a slow one
 * (it answered, the handshake is just taking long). TLS layered over it reads through {@link
 * #getInputStream()} too. Thread-safe.
 */
public final class HeardSocket extends java.net.Socket {

  private volatile boolean heard;

  /** Creates an unconnected socket. */
  public HeardSocket() {
    super();
  }

  /** Returns whether at least one byte has been read from the peer. */
  public boolean heard() {
    return heard;
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return new FilterInputStream(super.getInputStream()) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          heard = true;
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          heard = true;
        }
        return n;
      }
    };
  }
}
