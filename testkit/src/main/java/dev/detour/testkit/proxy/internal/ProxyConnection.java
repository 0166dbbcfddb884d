package dev.detour.testkit.proxy.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection accepted by a proxy address, and its backend connection: two pump threads
 * copy bytes through the address's {@link FaultGate}. Thread-safe.
 */
final class ProxyConnection {

  private static final int BACKEND_CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int CHUNK = 16 * 1024;

  private final AddressSlot slot;
  private final Socket client;
  private final Socket backend = new Socket();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger pumpsRunning = new AtomicInteger(2);

  ProxyConnection(AddressSlot slot, Socket client) {
    this.slot = slot;
    this.client = client;
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Connects to the backend and starts forwarding both ways, on the slot's threads. */
  void startForwarding(ProxyThreads threads, InetSocketAddress backendAddress) {
    String name = slot.hostAddress();
    threads.start(
        name + "-to-backend",
        () -> {
          try {
            backend.setTcpNoDelay(true);
            backend.connect(backendAddress, BACKEND_CONNECT_TIMEOUT_MILLIS);
          } catch (IOException e) {
            close();
            return;
          }
          threads.start(
              name + "-to-client", () -> pump(backend, client, null, slot.bytesToClient()));
          pump(client, backend, new SniSniffer(), slot.bytesToBackend());
        });
  }

  /** Reads and drops whatever the client sends, forwarding nothing, until either side closes. */
  void startStalled(ProxyThreads threads) {
    pumpsRunning.set(1);
    threads.start(
        slot.hostAddress() + "-stalled",
        () -> {
          byte[] buffer = new byte[CHUNK];
          try (InputStream in = client.getInputStream()) {
            while (in.read(buffer) >= 0) {
              // dropped on purpose: nothing is ever forwarded
            }
          } catch (IOException closedOrReset) {
            // the connection ends either way
          } finally {
            close();
          }
        });
  }

  private void pump(Socket from, Socket to, SniSniffer sniffer, AtomicLong counter) {
    byte[] buffer = new byte[CHUNK];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int read = in.read(buffer);
        if (read < 0) {
          to.shutdownOutput();
          break;
        }
        if (sniffer != null && sniffer.feed(buffer, 0, read)) {
          slot.recordSni(sniffer.serverName().orElseThrow());
        }
        for (int offset = 0; offset < read; ) {
          int allowed = slot.gate().permit(read - offset, this);
          if (allowed < 0) {
            return;
          }
          out.write(buffer, offset, allowed);
          out.flush();
          counter.addAndGet(allowed);
          offset += allowed;
        }
      }
      if (pumpsRunning.decrementAndGet() == 0) {
        close();
      }
    } catch (IOException e) {
      close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    }
  }

  /** Resets the client side (RST by a close with SO_LINGER 0) and closes the backend side. */
  void reset() {
    try {
      client.setSoLinger(true, 0);
    } catch (IOException alreadyClosed) {
      // closing below is all that is left to do
    }
    close();
  }

  /** Closes both sockets; idempotent. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(client);
      closeQuietly(backend);
      slot.connectionClosed(this);
    }
  }

  static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // nothing useful to do when closing fails
    }
  }
}
