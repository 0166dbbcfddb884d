package dev.detour.testkit.proxy.internal;

import dev.detour.testkit.proxy.Fault;
import dev.detour.testkit.proxy.ProxyCounters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One address of a proxy fleet: its listener (accepting, closed or black-holed, as the fault
 * needs), its open connections, its counters and the server names seen. Thread-safe.
 */
public final class AddressSlot implements AutoCloseable {

  private static final int BACKLOG = 128;
  private static final long ACCEPT_THREAD_END_MILLIS = 2_000;

  private enum ListenerMode {
    ACCEPTING,
    CLOSED,
    BLACKHOLE
  }

  private final InetSocketAddress listenAddress;
  private final InetSocketAddress backend;
  private final ProxyThreads threads;
  private final String hostAddress;
  private final FaultGate gate = new FaultGate();
  private final Object admission = new Object();
  private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong bytesToBackend = new AtomicLong();
  private final AtomicLong bytesToClient = new AtomicLong();
  private final List<String> sniSeen = new CopyOnWriteArrayList<>();

  // guarded by this
  private ListenerMode mode = ListenerMode.CLOSED;
  private ServerSocket listener;
  private Thread acceptThread;
  private BlackholeListener blackhole;
  private volatile boolean closed;

  private AddressSlot(
      InetSocketAddress listenAddress, InetSocketAddress backend, ProxyThreads threads) {
    this.listenAddress = listenAddress;
    this.backend = backend;
    this.threads = threads;
    this.hostAddress = listenAddress.getAddress().getHostAddress();
  }

  /**
   * Binds {@code listenAddress} (port 0 picks a free port) and starts accepting, with fault {@code
   * pass}.
   */
  public static AddressSlot open(
      InetSocketAddress listenAddress, InetSocketAddress backend, ProxyThreads threads)
      throws IOException {
    AddressSlot slot = new AddressSlot(listenAddress, backend, threads);
    synchronized (slot) {
      slot.startAccepting(listenAddress);
    }
    return slot;
  }

  /** Returns the port bound by {@link #open}. */
  public synchronized int boundPort() {
    return listener.getLocalPort();
  }

  /** Returns the listening IP address. */
  public java.net.InetAddress address() {
    return listenAddress.getAddress();
  }

  String hostAddress() {
    return hostAddress;
  }

  FaultGate gate() {
    return gate;
  }

  AtomicLong bytesToBackend() {
    return bytesToBackend;
  }

  AtomicLong bytesToClient() {
    return bytesToClient;
  }

  void recordSni(String serverName) {
    sniSeen.add(serverName);
  }

  void connectionClosed(ProxyConnection connection) {
    connections.remove(connection);
    gate.wakeAll();
  }

  /** Returns the current fault. */
  public Fault fault() {
    return gate.fault();
  }

  /**
   * Sets the fault. Steps: 1. close the listener if the fault needs another kind; 2. update the
   * gate and, for {@code reset}, reset open connections; 3. start the listener the fault needs.
   *
   * @throws IOException if the listener cannot be re-bound on its port
   */
  public synchronized void setFault(Fault fault, int port) throws IOException {
    if (closed) {
      throw new IllegalStateException(hostAddress + ": fleet is closed");
    }
    ListenerMode wanted = modeFor(fault);
    if (wanted != mode) {
      stopListening();
    }
    // The gate changes before a new listener starts, so no connection is admitted under the old
    // fault once this returns.
    synchronized (admission) {
      gate.set(fault);
      if (fault instanceof Fault.Reset) {
        for (ProxyConnection connection : List.copyOf(connections)) {
          connection.reset();
        }
      }
    }
    if (wanted != mode) {
      InetSocketAddress address = new InetSocketAddress(listenAddress.getAddress(), port);
      switch (wanted) {
        case ACCEPTING -> startAccepting(address);
        case BLACKHOLE -> {
          blackhole = BlackholeListener.open(address);
          mode = ListenerMode.BLACKHOLE;
        }
        case CLOSED -> mode = ListenerMode.CLOSED;
      }
    }
  }

  private static ListenerMode modeFor(Fault fault) {
    if (fault instanceof Fault.Refuse) {
      return ListenerMode.CLOSED;
    }
    if (fault instanceof Fault.Blackhole || fault instanceof Fault.BlackholeAndStall) {
      return ListenerMode.BLACKHOLE;
    }
    return ListenerMode.ACCEPTING;
  }

  private void startAccepting(InetSocketAddress address) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(address, BACKLOG);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    listener = server;
    mode = ListenerMode.ACCEPTING;
    acceptThread = threads.start(hostAddress + "-accept", () -> acceptLoop(server));
  }

  private void acceptLoop(ServerSocket server) {
    while (true) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      accepted.incrementAndGet();
      ProxyConnection connection = new ProxyConnection(this, client);
      Fault fault;
      synchronized (admission) {
        if (closed) {
          ProxyConnection.closeQuietly(client);
          return;
        }
        fault = gate.fault();
        connections.add(connection);
      }
      if (fault instanceof Fault.Reset) {
        connection.reset();
      } else if (fault instanceof Fault.AcceptThenStall) {
        connection.startStalled(threads);
      } else {
        try {
          client.setTcpNoDelay(true);
        } catch (IOException e) {
          connection.close();
          continue;
        }
        connection.startForwarding(threads, backend);
      }
    }
  }

  private void stopListening() {
    if (listener != null) {
      ProxyConnection.closeQuietly(listener);
      listener = null;
      // A socket closed while another thread is blocked in accept() keeps its port until that
      // thread wakes up; wait for it so that the port can be bound again at once.
      awaitEnd(acceptThread);
      acceptThread = null;
    }
    if (blackhole != null) {
      blackhole.close();
      blackhole = null;
    }
    mode = ListenerMode.CLOSED;
  }

  private static void awaitEnd(Thread thread) {
    try {
      thread.join(ACCEPT_THREAD_END_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns the counters. */
  public ProxyCounters counters() {
    return new ProxyCounters(
        accepted.get(), connections.size(), bytesToBackend.get(), bytesToClient.get());
  }

  /** Zeroes the accepted and byte counters (the active gauge stays). */
  public void resetCounters() {
    accepted.set(0);
    bytesToBackend.set(0);
    bytesToClient.set(0);
  }

  /** Returns the server names seen in TLS ClientHellos, oldest first. */
  public List<String> sniSeen() {
    return List.copyOf(sniSeen);
  }

  /** Closes the listener and every connection; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopListening();
    gate.close();
    synchronized (admission) {
      for (ProxyConnection connection : List.copyOf(connections)) {
        connection.close();
      }
    }
  }
}
