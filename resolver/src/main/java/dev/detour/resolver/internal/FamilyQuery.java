package dev.detour.resolver.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.resolver.QueryResult;
import dev.detour.resolver.internal.FamilyResult.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Queries one record type for one name.
 *
 * <ol>
 *   <li>Ask the servers in order, each bounded by the query timeout, none started after the
 *       lookup's deadline (then the result never completes: the lookup's total timer reports it).
 *   <li>NOERROR and NXDOMAIN are answers and end the query; SERVFAIL, REFUSED, a timeout or a
 *       network error moves on to the next server.
 *   <li>Follow the CNAME chain of the answer; if it ends without records, query its target (at most
 *       {@link AnswerParser#MAX_CNAME_DEPTH} CNAMEs in all).
 * </ol>
 *
 * <p>One instance runs once. Thread-safe: each attempt has a single winner (answer or timer). The
 * state changes under this object's monitor; sending a query and completing the result happen
 * outside it, so nothing downstream (listeners, router code) ever runs under the lock.
 */
final class FamilyQuery {

  private final String host;
  private final int type;
  private final String typeName;
  private final QueryContext ctx;
  private final long deadlineNanos;
  private final CompletableFuture<FamilyResult> result = new CompletableFuture<>();
  private final List<String> failures = new ArrayList<>();
  private Name qname;
  private int serverIndex;
  private int cnamesLeft = AnswerParser.MAX_CNAME_DEPTH;
  private long ttlSoFar = Long.MAX_VALUE;

  FamilyQuery(String host, Name qname, int type, QueryContext ctx, long deadlineNanos) {
    this.host = host;
    this.qname = qname;
    this.type = type;
    this.typeName = Type.string(type);
    this.ctx = ctx;
    this.deadlineNanos = deadlineNanos;
  }

  CompletableFuture<FamilyResult> start() {
    run(next());
    return result;
  }

  /**
   * What to do after a state change, decided under the lock and done outside it: completing {@link
   * #result} runs the whole dependent chain (the lookup, the cache update, address-change
   * listeners, router code), which must not run under this query's monitor.
   *
   * @param done the result to complete with, or {@code null}
   * @param server the server to ask next, or {@code null}
   * @param name the name to ask it
   * @param startNanos when the attempt starts
   */
  private record Step(FamilyResult done, InetSocketAddress server, Name name, long startNanos) {
    static Step finish(FamilyResult result) {
      return new Step(result, null, null, 0);
    }
  }

  /** Carries out {@code step} (null: nothing to do). Called without holding the lock. */
  private void run(Step step) {
    if (step == null) {
      return;
    }
    if (step.done() != null) {
      result.complete(step.done());
    } else {
      send(step.server(), step.name(), step.startNanos());
    }
  }

  /** Picks the next server, or the final failure, or nothing once past the deadline. */
  private synchronized Step next() {
    if (result.isDone()) {
      return null;
    }
    if (serverIndex >= ctx.servers().size()) {
      return Step.finish(FamilyResult.of(typeName, Kind.FAILURE, summary()));
    }
    long now = ctx.scheduler().ticker().nanoTime();
    if (now - deadlineNanos >= 0) {
      // The lookup's total timer ends the lookup and reports the timeout; stay silent.
      return null;
    }
    return new Step(null, ctx.servers().get(serverIndex++), qname, now);
  }

  /** Asks {@code server} once; the answer or the timer, whichever comes first, moves on. */
  private void send(InetSocketAddress server, Name name, long now) {
    long attemptTimeout = ctx.queryTimeoutNanos();
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    AtomicBoolean done = new AtomicBoolean();
    Cancellable timer =
        ctx.scheduler()
            .schedule(
                () -> {
                  if (done.compareAndSet(false, true)) {
                    run(
                        onFailure(
                            server,
                            now,
                            QueryResult.TIMEOUT,
                            "timeout after " + Durations.formatNanos(attemptTimeout)));
                  }
                },
                attemptTimeout,
                TimeUnit.NANOSECONDS);
    CompletionStage<Message> stage;
    try {
      stage = ctx.transport().query(query, server);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete(
        (response, error) -> {
          if (!done.compareAndSet(false, true)) {
            return;
          }
          timer.cancel();
          if (error != null) {
            Throwable cause = unwrap(error);
            boolean timeout =
                cause instanceof SocketTimeoutException || cause instanceof TimeoutException;
            run(
                onFailure(
                    server,
                    now,
                    timeout ? QueryResult.TIMEOUT : QueryResult.ERROR,
                    timeout
                        ? "timeout after " + Durations.formatNanos(elapsed(now))
                        : "network error: " + cause));
          } else {
            run(onResponse(server, now, response));
          }
        });
  }

  private synchronized Step onFailure(
      InetSocketAddress server, long startNanos, QueryResult kind, String detail) {
    ctx.events().queryEnd(host, typeName, server, elapsed(startNanos), kind);
    failures.add(ctx.servers().size() > 1 ? ServerAddresses.format(server) + " " + detail : detail);
    return next();
  }

  private synchronized Step onResponse(InetSocketAddress server, long startNanos, Message msg) {
    int rcode = msg.getRcode();
    long duration = elapsed(startNanos);
    if (rcode == Rcode.NXDOMAIN) {
      ctx.events().queryEnd(host, typeName, server, duration, QueryResult.NXDOMAIN);
      return Step.finish(FamilyResult.of(typeName, Kind.NXDOMAIN, "NXDOMAIN"));
    }
    if (rcode != Rcode.NOERROR) {
      QueryResult kind = rcode == Rcode.SERVFAIL ? QueryResult.SERVFAIL : QueryResult.REFUSED;
      ctx.events().queryEnd(host, typeName, server, duration, kind);
      failures.add(
          ctx.servers().size() > 1
              ? ServerAddresses.format(server) + " " + Rcode.string(rcode)
              : Rcode.string(rcode));
      return next();
    }
    AnswerParser.Answer answer = AnswerParser.extract(msg, qname, type, cnamesLeft);
    if (!answer.addresses().isEmpty()) {
      ctx.events().queryEnd(host, typeName, server, duration, QueryResult.OK);
      long ttl = Math.min(ttlSoFar, answer.ttlSeconds());
      return Step.finish(
          new FamilyResult(typeName, Kind.ADDRESSES, named(answer.addresses()), ttl, "ok"));
    }
    ctx.events().queryEnd(host, typeName, server, duration, QueryResult.NO_RECORDS);
    if (answer.cnames() > 0 && answer.cnames() < cnamesLeft) {
      // The server gave only the CNAME chain: ask for its target, from the first server again.
      cnamesLeft -= answer.cnames();
      ttlSoFar = Math.min(ttlSoFar, answer.ttlSeconds());
      qname = answer.last();
      serverIndex = 0;
      failures.clear();
      return next();
    }
    return Step.finish(FamilyResult.of(typeName, Kind.NO_RECORDS, "no records"));
  }

  /** Gives each address the asked host name, so logs and sockets show it. */
  private List<InetAddress> named(List<InetAddress> addresses) {
    List<InetAddress> out = new ArrayList<>(addresses.size());
    for (InetAddress a : addresses) {
      try {
        out.add(InetAddress.getByAddress(host, a.getAddress()));
      } catch (java.net.UnknownHostException e) {
        out.add(a);
      }
    }
    return out;
  }

  private String summary() {
    return failures.isEmpty() ? "no server" : String.join(", ", failures);
  }

  private long elapsed(long startNanos) {
    return ctx.scheduler().ticker().nanoTime() - startNanos;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IOException
        && cause.getMessage() != null
        && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
      return new SocketTimeoutException(cause.getMessage());
    }
    return cause;
  }
}
