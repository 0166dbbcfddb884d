package dev.detour.bench.suite;

import java.time.Duration;

/**
 * How many samples each scenario takes, and each connect's deadline (20 s in the full run; 6 s in
 * the quick smoke check, so that its hung peers show as hung sooner, as lower bounds). {@code FULL}
 * is the documented run (at most 10 minutes on 2 cores); {@code QUICK} is a smoke check of every
 * scenario and every client (about 2 minutes), which the integration test runs too.
 */
public enum SuiteMode {
  /** The documented run. */
  FULL(
      1000,
      10,
      30,
      8,
      8,
      50,
      200,
      4,
      4,
      2,
      100,
      3,
      64,
      4,
      4,
      5,
      1,
      2,
      "10s,20s,15s,15s",
      "10s",
      180,
      Duration.ofSeconds(20)),
  /**
   * Every scenario and every client with fewer samples, a 6 s deadline, and the replay alongside
   * the peers' fault rounds: the smoke check, and the integration test's mode.
   */
  QUICK(
      60,
      4,
      5,
      3,
      2,
      50,
      40,
      1,
      1,
      1,
      20,
      1,
      64,
      1,
      2,
      2,
      1,
      1,
      "4s,8s,6s,6s",
      "4s",
      120,
      Duration.ofSeconds(6));

  /** Healthy fleet: interleaved samples per client. */
  final int healthySamples;

  /**
   * Healthy fleet: the clients other than the goal's pair (plain pgjdbc to one address, Detour)
   * take part in every n-th sample only.
   */
  final int healthyPeerEvery;

  /** Healthy fleet: warm-up rounds before timing. */
  final int warmupRounds;

  /** 8/12 black-holed, cold: rounds (every client once per round, DNS rotated). */
  final int coldRounds;

  /** Learning and stalled handshakes: rounds of a new router and its first connects. */
  final int learningRounds;

  /** Learning and stalled handshakes: connects per round (the 50). */
  final int connectsPerRound;

  /** 8/12 black-holed, warm router: samples. */
  final int warmSamples;

  /** 11/12 black-holed: rounds. */
  final int lastOneRounds;

  /** Accept-then-stall on 4: rounds. */
  final int stallRounds;

  /** All down: rounds for the peers (each waits out its own timeouts). */
  final int allDownRounds;

  /** All down: Detour fast-fail samples. */
  final int fastFailSamples;

  /** Burst: cold bursts (each on a new router). */
  final int burstRounds;

  /** Burst: threads that connect at once (the 64). */
  final int burstThreads;

  /** Cold JVM: fresh JVMs per client. */
  final int coldJvms;

  /** Child JVMs of each hosts-file peer. */
  final int children;

  /** Listener: kills of the listener's backend. */
  final int listenerKills;

  /**
   * Listener: silent stalls of the listener's address (the bare loop waits each to the deadline).
   */
  final int listenerStalls;

  /**
   * Fault rounds: a client sits out a scenario's remaining rounds after this many attempts that
   * hung or failed slowly ({@link ConnectScenarios#SLOW_SECONDS}).
   */
  final int slowCap;

  /** Replay: the incident's phase lengths ({@code --phases}). */
  final String replayPhases;

  /** Replay: how long it waits for the jobs after the last phase ({@code --drain}). */
  final String replayDrain;

  /** Replay: the bound on the whole child run, in seconds. */
  final int replayBoundSeconds;

  /** How long the suite waits for one connect of one client before it counts as hung. */
  final Duration deadline;

  SuiteMode(
      int healthySamples,
      int healthyPeerEvery,
      int warmupRounds,
      int coldRounds,
      int learningRounds,
      int connectsPerRound,
      int warmSamples,
      int lastOneRounds,
      int stallRounds,
      int allDownRounds,
      int fastFailSamples,
      int burstRounds,
      int burstThreads,
      int coldJvms,
      int children,
      int listenerKills,
      int listenerStalls,
      int slowCap,
      String replayPhases,
      String replayDrain,
      int replayBoundSeconds,
      Duration deadline) {
    this.healthySamples = healthySamples;
    this.healthyPeerEvery = healthyPeerEvery;
    this.warmupRounds = warmupRounds;
    this.coldRounds = coldRounds;
    this.learningRounds = learningRounds;
    this.connectsPerRound = connectsPerRound;
    this.warmSamples = warmSamples;
    this.lastOneRounds = lastOneRounds;
    this.stallRounds = stallRounds;
    this.allDownRounds = allDownRounds;
    this.fastFailSamples = fastFailSamples;
    this.burstRounds = burstRounds;
    this.burstThreads = burstThreads;
    this.coldJvms = coldJvms;
    this.children = children;
    this.listenerKills = listenerKills;
    this.listenerStalls = listenerStalls;
    this.slowCap = slowCap;
    this.replayPhases = replayPhases;
    this.replayDrain = replayDrain;
    this.replayBoundSeconds = replayBoundSeconds;
    this.deadline = deadline;
  }

  /**
   * Healthy fleet: connects of the goal's pair (plain pgjdbc to one address, and Detour), one after
   * the other, before any other client's warm-up; timed and reported on rows of their own, the
   * JVM's JIT warm-up (a service's first minutes), apart from the warm figures the goal judges.
   *
   * @return the number of rounds
   */
  int pairWarmupRounds() {
    return switch (this) {
      case FULL -> 1000;
      case QUICK -> 60;
    };
  }

  /**
   * Listener: silent stalls of Detour's listener (each about 2.5 s; the bare loop's stalls are
   * {@link #listenerStalls}, each waiting to the deadline).
   *
   * @return the number of samples
   */
  int listenerDetourStalls() {
    return switch (this) {
      case FULL -> 8;
      case QUICK -> 3;
    };
  }
}
