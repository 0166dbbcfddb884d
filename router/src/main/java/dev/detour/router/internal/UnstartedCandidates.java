package dev.detour.router.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The candidates of one {@link ConnectRace} in the order it starts them, and which of them it has
 * not started yet. An address that another race of the same host (or a background probe) has just
 * found to connect is moved ahead of the others not started yet ({@link #moveToFront}): concurrent
 * cold connects share what they learn.
 *
 * <p>Not thread-safe: guarded by the race's lock.
 */
final class UnstartedCandidates {

  private final List<AddressState> order; // reordered only by moveToFront()
  private int next;

  /**
   * @param candidates in order (copied)
   */
  UnstartedCandidates(List<AddressState> candidates) {
    this.order = new ArrayList<>(candidates);
  }

  /** Every candidate, started or not, in start order (a live view). */
  List<AddressState> all() {
    return order;
  }

  /** Whether a candidate is left to start. */
  boolean any() {
    return next < order.size();
  }

  /** Returns the next candidate to start and counts it as started. */
  AddressState take() {
    return order.get(next++);
  }

  /** How many candidates are left to start. */
  int left() {
    return order.size() - next;
  }

  /** Counts every candidate as started: none is left to try. */
  void dropAll() {
    next = order.size();
  }

  /**
   * Moves {@code found} ahead of the candidates not started yet; returns false if it is not a
   * candidate or has already been started.
   */
  boolean moveToFront(AddressState found) {
    int at = order.indexOf(found);
    if (at < next) {
      return false; // not a candidate, or already started
    }
    order.remove(at);
    order.add(next, found);
    return true;
  }
}
