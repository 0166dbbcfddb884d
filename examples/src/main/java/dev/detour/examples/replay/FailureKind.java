package dev.detour.examples.replay;

/** Why one request of the replay failed. */
enum FailureKind {
  /** The pool had no connection to give within its acquire timeout. */
  POOL_TIMEOUT("pool timeout"),
  /** The pool failed at once because no address was healthy (Detour's fast-fail). */
  FAST_FAIL("fast-fail"),
  /** A new physical connection failed (DNS, TCP, TLS or startup). */
  CONNECT("connect failed"),
  /** The query failed on a connection the pool had handed out. */
  QUERY("query failed");

  private final String label;

  FailureKind(String label) {
    this.label = label;
  }

  /** Returns the label used in reports. */
  String label() {
    return label;
  }

  /** Whether the failure happened after the pool handed out a connection. */
  boolean onEstablishedConnection() {
    return this == QUERY;
  }
}
