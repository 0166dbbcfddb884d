package dev.detour.examples.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * When the fleet had how many healthy addresses, and when faults were killing connections already
 * open: the facts the bars are judged against. Times are nanoseconds since the replay began.
 * Thread-safe.
 */
final class FaultTimeline {

  private final List<Mark> marks = new ArrayList<>();

  /** Records the fleet's state from {@code at} on. */
  synchronized void mark(long at, int healthy, boolean killingOpenConnections, String what) {
    marks.add(new Mark(at, healthy, killingOpenConnections, what));
  }

  /** Returns the number of healthy addresses at {@code at} (all of them before the first mark). */
  synchronized int healthyAt(long at, int size) {
    int healthy = size;
    for (Mark m : marks) {
      if (m.at() > at) {
        break;
      }
      healthy = m.healthy();
    }
    return healthy;
  }

  /** Returns whether some fault was killing open connections at any time in [from, to]. */
  synchronized boolean killingDuring(long from, long to) {
    boolean killing = false;
    for (Mark m : marks) {
      if (m.at() > to) {
        break;
      }
      if (m.at() <= from) {
        killing = m.killingOpenConnections();
      } else if (m.killingOpenConnections()) {
        return true;
      }
    }
    return killing;
  }

  synchronized List<Mark> marks() {
    return List.copyOf(marks);
  }

  /** The fleet's state from {@code at} on. */
  record Mark(long at, int healthy, boolean killingOpenConnections, String what) {}
}
