package dev.detour.examples.replay;

import dev.detour.core.NamedThreadFactory;
import dev.detour.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one replay: the environment, both stacks under the same load and the same faults, the phases
 * on a one-second tick with live progress, the job drain, and the summaries.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>start PostgreSQL and the fleet, and point the hosts file at it;
 *   <li>enter the first phase (its faults apply before the stacks connect: cold start);
 *   <li>start both stacks in parallel, each bounded;
 *   <li>start the workers and the job producer; tick every second, entering each phase on time;
 *   <li>after the last phase stop the load, wait up to the drain time for the jobs;
 *   <li>summarize, then close everything with bounds: threads stuck in the network are daemons and
 *       are reported as hung, never waited for.
 * </ol>
 */
final class Replay {

  /** How long a stack may take to start (a cold start included). */
  static final long STACK_START_MILLIS = 60_000;

  private final ReplayOptions options;
  private final ProgressPrinter progress;
  private final Ticker ticker = Ticker.system();
  private final AtomicLong origin = new AtomicLong();

  /** The bound on one phase's fault setup. */
  private static final long PHASE_ACTION_MILLIS = 60_000;

  private volatile Thread phaseAction; // the phase action running, if any
  private final AtomicReference<Throwable> phaseError = new AtomicReference<>();

  Replay(ReplayOptions options, ProgressPrinter progress) {
    this.options = options;
    this.progress = progress;
  }

  private long now() {
    return ticker.nanoTime() - origin.get();
  }

  ReplayResult run() throws Exception {
    HostsFile hosts =
        HostsFile.ofThisJvm()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "this JVM was started without -D"
                            + HostsFile.PROPERTY
                            + "=FILE; run the replay through ReplayMain, which sets it"));
    Scenario scenario = options.scenario();
    progress.say("Detour incident replay: %s (%s)", scenario.id(), scenario.description());
    progress.say("Starting an embedded PostgreSQL and a 12-address fleet ...");
    origin.set(ticker.nanoTime());
    try (ReplayEnvironment env = ReplayEnvironment.start(hosts, this::now)) {
      progress.say(
          "  %s -> %d addresses %s..%s (lab DNS %s; the JVM reads %s)",
          env.hostName(),
          env.size(),
          env.addresses().get(0),
          env.addresses().get(env.size() - 1),
          env.dnsServer(),
          hosts.path());
      List<Stack> stacks = List.of(new BaselineStack(env), new DetourStack(env));
      for (Stack s : stacks) {
        progress.say("  %-8s %s", s.name(), s.description());
      }
      try {
        return drive(env, stacks);
      } finally {
        for (Stack s : stacks) {
          Bounded.run("replay-close-" + s.name(), s::close, 5_000);
        }
      }
    }
  }

  private ReplayResult drive(ReplayEnvironment env, List<Stack> stacks) throws Exception {
    Scenario scenario = options.scenario();
    List<Scenario.PhaseSpec> specs = scenario.phases();
    Instant startedAt = Instant.now();
    origin.set(ticker.nanoTime());
    Map<String, StackRecorder> recorders = new LinkedHashMap<>();
    Map<String, StackJobs> jobs = new LinkedHashMap<>();
    for (Stack s : stacks) {
      StackRecorder r = new StackRecorder(s.name(), ticker, origin.get());
      recorders.put(s.name(), r);
      jobs.put(s.name(), new StackJobs(s, s.name(), r));
    }
    List<ReplayResult.PhaseRun> runs = new ArrayList<>();
    long[] starts = new long[specs.size() + 1];
    for (int i = 0; i < specs.size(); i++) {
      starts[i + 1] = starts[i] + options.phases().get(i).toNanos();
    }
    enter(0, specs, env, stacks);
    startStacks(stacks, jobs);

    List<Workload> loads = new ArrayList<>();
    for (Stack s : stacks) {
      Workload w =
          new Workload(
              s, recorders.get(s.name()), options.workers(), options.think(), options.seed());
      loads.add(w);
      w.start();
    }
    Map<String, StackRecorder> queues = new LinkedHashMap<>(recorders);
    JobProducer producer = new JobProducer(queues, options.jobInterval(), env::direct);
    producer.start();

    int phase = 0;
    int second = 0;
    long end = starts[specs.size()];
    while (now() < end) {
      long nextTick = (second + 1) * 1_000_000_000L;
      long nextPhase = phase + 1 < specs.size() ? starts[phase + 1] : Long.MAX_VALUE;
      waitUntil(Math.min(Math.min(nextTick, nextPhase), end));
      // the second that just ended first: it belongs to the phase before the new one
      if (now() >= nextTick) {
        tick(second++, stacks, recorders);
      }
      if (now() >= nextPhase) {
        runs.add(run(specs.get(phase), starts[phase], starts[phase + 1]));
        phase++;
        enter(phase, specs, env, stacks);
      }
    }
    awaitPhaseAction();
    runs.add(run(specs.get(phase), starts[phase], end));
    loads.forEach(Workload::stop);
    producer.stop();

    long drainEnd = end + options.drain().toNanos();
    progress.say(
        "-- %5.1fs  load stopped; waiting up to %ds for the queued jobs",
        now() / 1e9, options.drain().toSeconds());
    while (now() < drainEnd
        && !recorders.values().stream().allMatch(StackRecorder::allJobsProcessed)) {
      long nextTick = (second + 1) * 1_000_000_000L;
      waitUntil(Math.min(nextTick, drainEnd));
      if (now() >= nextTick) {
        tick(second++, stacks, recorders);
      }
    }
    long endNanos = now();
    return result(env, stacks, recorders, runs, starts[specs.size() - 1], endNanos, startedAt);
  }

  private void startStacks(List<Stack> stacks, Map<String, StackJobs> jobs) {
    Map<String, AtomicReference<Exception>> errors = new LinkedHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (Stack s : stacks) {
      AtomicReference<Exception> error = new AtomicReference<>();
      errors.put(s.name(), error);
      Thread t =
          new NamedThreadFactory("replay-start-" + s.name())
              .newThread(
                  () -> {
                    try {
                      s.start(jobs.get(s.name()));
                    } catch (Exception e) {
                      error.set(e);
                    }
                  });
      threads.add(t);
      t.start();
    }
    long deadline = ticker.nanoTime() + STACK_START_MILLIS * 1_000_000L;
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, (deadline - ticker.nanoTime()) / 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        throw new IllegalStateException(t.getName() + ": did not start within 60s");
      }
    }
    errors.forEach(
        (name, error) -> {
          if (error.get() != null) {
            throw new IllegalStateException(
                name + " stack failed to start: " + error.get(), error.get());
          }
        });
    progress.say("-- %5.1fs  both stacks started; load begins", now() / 1e9);
  }

  /**
   * Prints the phase's banner and applies its faults: the first phase's on this thread, before the
   * load starts; later ones on a thread of their own, so that the per-second lines stay on time
   * while the faults are being set up (stalling eight proxies takes a while). The previous phase's
   * action has ended first.
   */
  private void enter(
      int phase, List<Scenario.PhaseSpec> specs, ReplayEnvironment env, List<Stack> stacks) {
    Scenario.PhaseSpec spec = specs.get(phase);
    progress.phase(phase, specs.size(), spec.label(), now() / 1e9);
    if (phase == 0) {
      spec.action().enter(env, stacks);
      return;
    }
    awaitPhaseAction();
    phaseError.set(null);
    Thread t =
        new NamedThreadFactory("replay-phase-" + (phase + 1))
            .newThread(
                () -> {
                  try {
                    spec.action().enter(env, stacks);
                  } catch (RuntimeException | Error e) {
                    phaseError.set(e);
                  }
                });
    phaseAction = t;
    t.start();
  }

  /** Waits for the running phase action, if any (bounded), and rethrows its failure. */
  private void awaitPhaseAction() {
    Thread t = phaseAction;
    if (t == null) {
      return;
    }
    try {
      t.join(PHASE_ACTION_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      throw new IllegalStateException(t.getName() + ": did not finish within 60s");
    }
    phaseAction = null;
    Throwable e = phaseError.getAndSet(null);
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
  }

  private void tick(int second, List<Stack> stacks, Map<String, StackRecorder> recorders) {
    for (Stack s : stacks) {
      StackRecorder.Second sec =
          recorders.get(s.name()).tick(second, s.pool(), s.listenerState(), s.listenerConnected());
      progress.second(s.name(), sec);
    }
  }

  private void waitUntil(long at) {
    long left;
    while ((left = at - now()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static ReplayResult.PhaseRun run(Scenario.PhaseSpec spec, long start, long end) {
    return new ReplayResult.PhaseRun(spec.name(), spec.label(), start / 1e9, end / 1e9);
  }

  private ReplayResult result(
      ReplayEnvironment env,
      List<Stack> stacks,
      Map<String, StackRecorder> recorders,
      List<ReplayResult.PhaseRun> runs,
      long clearNanos,
      long endNanos,
      Instant startedAt) {
    List<StackSummary> summaries = new ArrayList<>();
    Map<String, List<StackRecorder.Second>> seconds = new LinkedHashMap<>();
    Map<String, List<Bars.Outcome>> bars = new LinkedHashMap<>();
    Duration bound = DetourStack.requestBound();
    for (Stack s : stacks) {
      StackRecorder r = recorders.get(s.name());
      StackSummary summary = StackSummary.of(s, r, endNanos, clearNanos, s.listenerConnected());
      summaries.add(summary);
      seconds.put(s.name(), r.seconds());
      bars.put(s.name(), Bars.judge(summary, r.failures(), env.timeline(), env.size(), bound));
    }
    return new ReplayResult(
        options,
        startedAt,
        env.hostName(),
        env.addresses(),
        runs,
        summaries,
        seconds,
        bars,
        env.timeline().marks(),
        bound,
        endNanos / 1e9);
  }
}
