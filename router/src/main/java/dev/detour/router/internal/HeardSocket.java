package dev.detour.router.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The router's client socket. Its input stream does two things:
 *
 * <ul>
 *   <li>It notes whether the peer has sent anything yet, so that the driver's handshake hedge can
 *       tell a silent address (it accepted TCP and then said nothing: a stall) from a slow one (it
 *       answered, the handshake is just taking long).
 *   <li>It answers pgjdbc's "is more coming?" check at once. After each message it handles,
 *       pgjdbc's {@code getNotifications(timeout)} asks {@code PGStream.hasMessagePending()},
 *       which, with nothing buffered, sets the socket's read timeout to 1 ms and reads, taking a
 *       {@link SocketTimeoutException} as "no". So each call waits 1 ms at its end, and a steady
 *       stream of notifications comes back in batches, late. Here such a read throws that timeout
 *       at once when the kernel holds no byte for the socket ({@code available()}, which is
 *       FIONREAD). A byte that arrives just after the check is read by the next call.
 * </ul>
 *
 * <p>The quick answer is given only to a read that is such a poll, and only where a timeout leaves
 * nothing half read; every other read blocks as before:
 *
 * <ul>
 *   <li>the read timeout was just changed to {@value #PEEK_TIMEOUT_MILLIS} ms from another value,
 *       and since then the socket has neither written nor read a byte: a read that waits for the
 *       answer to something sent (a statement under a 1 ms network timeout) or for the rest of a
 *       message is never cut short, and a connection whose own network timeout is 1 ms (pgjdbc then
 *       "changes" it from 1 to 1) is never polled;
 *   <li>{@link InboundFraming} says nothing is partly consumed: on a TLS connection, only between
 *       two TLS records, so that the TLS layer never sees a timeout inside a record.
 * </ul>
 *
 * <p>TLS layered over this socket reads and writes through {@link #getInputStream()} and {@link
 * #getOutputStream()}, and sets the read timeout through {@link #setSoTimeout(int)}, too.
 * Thread-safe; reads are made one at a time.
 */
public final class HeardSocket extends java.net.Socket {

  /** The read timeout pgjdbc's {@code hasMessagePending()} sets for its "more?" read. */
  static final int PEEK_TIMEOUT_MILLIS = 1;

  private static final LongAdder QUICK_ANSWERS = new LongAdder();

  private final InboundFraming framing = new InboundFraming();
  private final LongAdder quickAnswered = new LongAdder();
  private volatile boolean heard;

  /** The read timeout as last set through this socket. */
  private volatile int timeoutMillis;

  /**
   * The read timeout was just changed to 1 ms, and nothing was written or read since: a "more?"
   * poll.
   */
  private volatile boolean polling;

  /** Creates an unconnected socket. */
  public HeardSocket() {
    super();
  }

  /** Returns whether at least one byte has been read from the peer. */
  public boolean heard() {
    return heard;
  }

  /** Returns how many reads of every such socket were answered at once (for tests). */
  static long quickAnswers() {
    return QUICK_ANSWERS.sum();
  }

  /** Returns how many reads of this socket were answered at once (for tests). */
  long quickAnswered() {
    return quickAnswered.sum();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    super.setSoTimeout(timeout); // first: a refused value changes nothing
    boolean changed = timeout != timeoutMillis;
    timeoutMillis = timeout;
    polling = timeout == PEEK_TIMEOUT_MILLIS && changed;
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return new SentOutput(super.getOutputStream());
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return new PeerInput(super.getInputStream());
  }

  /** A read that ended at once because nothing was there; no stack trace (it is not a fault). */
  private static final class NothingBuffered extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    NothingBuffered() {
      super("Read timed out (nothing buffered: answered without waiting)");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /** Ends the "more?" poll at each write: a read after it waits for an answer. */
  private final class SentOutput extends FilterOutputStream {

    SentOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      sent();
      out.write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      sent();
      out.write(buf, off, len); // whole, not byte by byte as FilterOutputStream would
    }

    private void sent() {
      if (polling) {
        polling = false; // only then: a volatile write per write would cost a fence each time
      }
    }
  }

  private final class PeerInput extends FilterInputStream {

    PeerInput(InputStream in) {
      super(in);
    }

    /** Throws the timeout at once when the read would only wait its 1 ms and find nothing. */
    private void answerQuickly() throws SocketTimeoutException {
      if (!polling || !framing.atBoundary()) {
        return;
      }
      int available;
      try {
        available = in.available();
      } catch (IOException e) {
        return; // the real read reports it
      }
      if (available == 0) {
        QUICK_ANSWERS.increment();
        quickAnswered.increment();
        throw new NothingBuffered();
      }
    }

    @Override
    public int read() throws IOException {
      answerQuickly();
      int b = super.read();
      if (b >= 0) {
        noteRead();
        framing.consumed(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (len > 0) {
        answerQuickly();
      }
      int n = super.read(buf, off, len);
      if (n > 0) {
        noteRead();
        framing.consumed(buf, off, n);
      }
      return n;
    }

    private void noteRead() {
      if (!heard) {
        heard = true; // once: a volatile write per read would cost a fence each time
      }
      if (polling) {
        polling = false; // the poll found bytes: a read after it waits for the rest
      }
    }

    @Override
    public long skip(long n) throws IOException {
      framing.lose(); // bytes not seen: stop following (the TLS layer skips only when closing)
      return super.skip(n);
    }
  }
}
