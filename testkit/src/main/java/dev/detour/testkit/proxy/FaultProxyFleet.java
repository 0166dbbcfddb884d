package dev.detour.testkit.proxy;

import dev.detour.testkit.proxy.internal.AddressSlot;
import dev.detour.testkit.proxy.internal.ProxyThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fleet of fault-injecting TCP proxies on consecutive loopback addresses {@code 127.0.0.x} that
 * all share one port and forward to one backend, such as an embedded PostgreSQL.
 *
 * <p>Each address has its own {@link Fault}, switchable at runtime ({@link Fault#pass()} at start),
 * its own {@link ProxyCounters} and the list of TLS server names (SNI) that clients sent through
 * it. The proxy never terminates TLS: it reads the ClientHello passively, after PostgreSQL's {@code
 * SSLRequest} or at the start of a direct TLS stream.
 *
 * <p>Threads: one accept thread per listening address and two per forwarded connection, all daemon
 * threads named {@code detour-testkit-proxy-*}. {@link #close()} closes every socket and waits up
 * to 5 s for every thread to end. Thread-safe. Works without root: every {@code 127.0.0.x} address
 * is bindable on Linux.
 */
public final class FaultProxyFleet implements AutoCloseable {

  /** The first address used by {@link #start(int, InetSocketAddress)}: {@code 127.0.0.11}. */
  public static final String DEFAULT_FIRST_ADDRESS = "127.0.0.11";

  private static final int MAX_SIZE = 240;
  private static final int BIND_ATTEMPTS = 5;
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final List<AddressSlot> slots;
  private final List<InetSocketAddress> addresses;
  private final int port;
  private final ProxyThreads threads;
  private boolean closed;

  private FaultProxyFleet(List<AddressSlot> slots, int port, ProxyThreads threads) {
    this.slots = List.copyOf(slots);
    this.port = port;
    this.threads = threads;
    List<InetSocketAddress> list = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      list.add(new InetSocketAddress(slots.get(i).address(), port));
    }
    this.addresses = List.copyOf(list);
  }

  /**
   * Starts {@code size} proxies on {@code 127.0.0.11} onwards, all forwarding to {@code backend}.
   *
   * @param size the number of addresses, 1 to 240
   * @param backend a loopback address and port to forward to
   * @return the running fleet, which the caller closes
   * @throws UncheckedIOException if no common port could be bound after 5 tries
   */
  public static FaultProxyFleet start(int size, InetSocketAddress backend) {
    try {
      return start(size, backend, InetAddress.getByName(DEFAULT_FIRST_ADDRESS));
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /**
   * Starts {@code size} proxies on consecutive addresses from {@code firstAddress}, all forwarding
   * to {@code backend}.
   *
   * <p>Steps: 1. bind the first address on a free port; 2. bind the others on the same port; 3. if
   * one of them is taken, close everything and start again on a new port (5 tries).
   *
   * @param size the number of addresses, 1 to 240
   * @param backend a loopback address and port to forward to
   * @param firstAddress an IPv4 address {@code 127.0.0.x} whose last octet plus {@code size - 1}
   *     stays at most 254
   * @return the running fleet, which the caller closes
   * @throws UncheckedIOException if no common port could be bound after 5 tries
   */
  public static FaultProxyFleet start(
      int size, InetSocketAddress backend, InetAddress firstAddress) {
    List<InetAddress> wanted = addressesFrom(size, firstAddress);
    Objects.requireNonNull(backend, "backend");
    if (backend.isUnresolved() || !backend.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "backend: " + backend + " (expected: a resolved loopback address)");
    }
    IOException last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      ProxyThreads threads = new ProxyThreads();
      List<AddressSlot> slots = new ArrayList<>();
      try {
        int port = 0;
        for (InetAddress address : wanted) {
          AddressSlot slot =
              AddressSlot.open(new InetSocketAddress(address, port), backend, threads);
          slots.add(slot);
          port = slot.boundPort();
        }
        return new FaultProxyFleet(slots, port, threads);
      } catch (IOException e) {
        slots.forEach(AddressSlot::close);
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
      }
    }
    throw new UncheckedIOException(
        "could not bind "
            + size
            + " addresses from "
            + firstAddress.getHostAddress()
            + " on one common port in "
            + BIND_ATTEMPTS
            + " tries",
        last);
  }

  private static List<InetAddress> addressesFrom(int size, InetAddress first) {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "size: " + size + " (expected: 1 <= size <= " + MAX_SIZE + ")");
    }
    Objects.requireNonNull(first, "firstAddress");
    byte[] octets = first.getAddress();
    if (!(first instanceof Inet4Address) || octets[0] != 127 || octets[1] != 0 || octets[2] != 0) {
      throw new IllegalArgumentException(
          "firstAddress: " + first.getHostAddress() + " (expected: 127.0.0.x)");
    }
    int base = octets[3] & 0xff;
    if (base < 1 || base + size - 1 > 254) {
      throw new IllegalArgumentException(
          "firstAddress: "
              + first.getHostAddress()
              + ", size: "
              + size
              + " (expected: 1 <= last octet and last octet + size - 1 <= 254)");
    }
    List<InetAddress> list = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      try {
        list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (base + i)}));
      } catch (UnknownHostException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    return list;
  }

  /**
   * Returns the port that every address of the fleet listens on.
   *
   * @return the port that every address of the fleet listens on
   */
  public int port() {
    return port;
  }

  /**
   * Returns the number of addresses.
   *
   * @return the number of addresses
   */
  public int size() {
    return slots.size();
  }

  /**
   * Returns the address at {@code index} (0-based).
   *
   * @param index the address's index, 0-based
   * @return the address at {@code index} (0-based)
   */
  public InetAddress address(int index) {
    return addresses.get(checkIndex(index)).getAddress();
  }

  /**
   * Returns every address with the shared port, in index order.
   *
   * @return every address with the shared port, in index order
   */
  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  /**
   * Returns every address as text ({@code "127.0.0.11"}, ...), in index order, e.g. for DNS.
   *
   * @return every address as text ({@code "127.0.0.11"}, ...), in index order
   */
  public List<String> hostAddresses() {
    return addresses.stream().map(a -> a.getAddress().getHostAddress()).toList();
  }

  /**
   * Sets the fault of the address at {@code index}. New connections see it at once; open
   * connections as the fault describes. {@link Fault#blackhole()} takes about 200 ms to set up.
   *
   * @param index the address's index, 0-based
   * @param fault the fault to apply
   * @throws UncheckedIOException if the address cannot be re-bound on the fleet's port
   * @throws IllegalStateException if the fleet is closed
   */
  public void setFault(int index, Fault fault) {
    Objects.requireNonNull(fault, "fault");
    AddressSlot slot = slots.get(checkIndex(index));
    try {
      slot.setFault(fault, port);
    } catch (IOException e) {
      throw new UncheckedIOException(
          address(index).getHostAddress() + ":" + port + ": could not apply fault " + fault, e);
    }
  }

  /**
   * Sets the fault of {@code address}, which must be one of the fleet's addresses.
   *
   * @param address one of the fleet's addresses
   * @param fault the fault to apply
   */
  public void setFault(InetAddress address, Fault fault) {
    setFault(indexOf(address), fault);
  }

  /**
   * Sets the same fault on every address.
   *
   * @param fault the fault to apply
   */
  public void setAll(Fault fault) {
    for (int i = 0; i < slots.size(); i++) {
      setFault(i, fault);
    }
  }

  /** Sets {@link Fault#pass()} on every address. */
  public void clearFaults() {
    setAll(Fault.pass());
  }

  /**
   * Returns the current fault of the address at {@code index}.
   *
   * @param index the address's index, 0-based
   * @return the fault
   */
  public Fault fault(int index) {
    return slots.get(checkIndex(index)).fault();
  }

  /**
   * Returns the counters of the address at {@code index}.
   *
   * @param index the address's index, 0-based
   * @return the counters of the address at {@code index}
   */
  public ProxyCounters counters(int index) {
    return slots.get(checkIndex(index)).counters();
  }

  /**
   * Returns the counters summed over every address.
   *
   * @return the counters summed over every address
   */
  public ProxyCounters totalCounters() {
    ProxyCounters total = new ProxyCounters(0, 0, 0, 0);
    for (AddressSlot slot : slots) {
      total = total.plus(slot.counters());
    }
    return total;
  }

  /** Zeroes the accepted and byte counters of every address ({@code active} is a gauge). */
  public void resetCounters() {
    slots.forEach(AddressSlot::resetCounters);
  }

  /**
   * Returns the TLS server names (SNI) seen on the address at {@code index}, oldest first.
   *
   * @param index the address's index, 0-based
   * @return the TLS server names (SNI) seen on the address at {@code index}, oldest first
   */
  public List<String> sniSeen(int index) {
    return slots.get(checkIndex(index)).sniSeen();
  }

  /**
   * Closes every listener and connection, then waits up to 5 s for every proxy thread to end.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    slots.forEach(AddressSlot::close);
    try {
      threads.awaitAll(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxyFleet" + hostAddresses() + ":" + port;
  }

  private int checkIndex(int index) {
    if (index < 0 || index >= slots.size()) {
      throw new IndexOutOfBoundsException(
          "index: " + index + " (expected: 0 <= index < " + slots.size() + ")");
    }
    return index;
  }

  private int indexOf(InetAddress address) {
    Objects.requireNonNull(address, "address");
    for (int i = 0; i < addresses.size(); i++) {
      if (addresses.get(i).getAddress().equals(address)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "address: " + address.getHostAddress() + " (expected: one of " + hostAddresses() + ")");
  }
}
