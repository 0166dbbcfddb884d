package dev.detour.resolver.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.resolver.QueryResult;
import dev.detour.resolver.internal.FamilyResult.Kind;
import java.io.IOException;
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
 *       lookup's deadline.
 *   <li>NOERROR and NXDOMAIN are answers and end the query; SERVFAIL, REFUSED, a timeout or a
 *       network error moves on to the next server.
 *   <li>Follow the CNAME chain of the answer; if it ends without records, query its target (at most
 *       {@link AnswerParser#MAX_CNAME_DEPTH} CNAMEs in all).
 * </ol>
 *
 * <p>One instance runs once. Thread-safe: each attempt has a single winner (answer or timer).
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
    sendNext();
    return result;
  }

  private synchronized void sendNext() {
    if (result.isDone()) {
      return;
    }
    if (serverIndex >= ctx.servers().size()) {
      result.complete(FamilyResult.of(typeName, Kind.FAILURE, summary()));
      return;
    }
    long now = ctx.scheduler().ticker().nanoTime();
    long remaining = deadlineNanos - now;
    if (remaining <= 0) {
      failures.add("no time left");
      result.complete(FamilyResult.of(typeName, Kind.FAILURE, summary()));
      return;
    }
    InetSocketAddress server = ctx.servers().get(serverIndex++);
    long attemptTimeout = Math.min(ctx.queryTimeoutNanos(), remaining);
    Message query = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
    AtomicBoolean done = new AtomicBoolean();
    Cancellable timer =
        ctx.scheduler()
            .schedule(
                () -> {
                  if (done.compareAndSet(false, true)) {
                    onFailure(
                        server,
                        now,
                        QueryResult.TIMEOUT,
                        "timeout after " + Durations.formatNanos(attemptTimeout));
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
            onFailure(
                server,
                now,
                timeout ? QueryResult.TIMEOUT : QueryResult.ERROR,
                timeout
                    ? "timeout after " + Durations.formatNanos(elapsed(now))
                    : "network error: " + cause);
          } else {
            onResponse(server, now, response);
          }
        });
  }

  private synchronized void onFailure(
      InetSocketAddress server, long startNanos, QueryResult kind, String detail) {
    ctx.events().queryEnd(host, typeName, server, elapsed(startNanos), kind);
    failures.add(ctx.servers().size() > 1 ? server + " " + detail : detail);
    sendNext();
  }

  private synchronized void onResponse(InetSocketAddress server, long startNanos, Message msg) {
    int rcode = msg.getRcode();
    long duration = elapsed(startNanos);
    if (rcode == Rcode.NXDOMAIN) {
      ctx.events().queryEnd(host, typeName, server, duration, QueryResult.NXDOMAIN);
      result.complete(FamilyResult.of(typeName, Kind.NXDOMAIN, "NXDOMAIN"));
      return;
    }
    if (rcode != Rcode.NOERROR) {
      QueryResult kind = rcode == Rcode.SERVFAIL ? QueryResult.SERVFAIL : QueryResult.REFUSED;
      ctx.events().queryEnd(host, typeName, server, duration, kind);
      failures.add(
          ctx.servers().size() > 1 ? server + " " + Rcode.string(rcode) : Rcode.string(rcode));
      sendNext();
      return;
    }
    AnswerParser.Answer answer = AnswerParser.extract(msg, qname, type, cnamesLeft);
    if (!answer.addresses().isEmpty()) {
      ctx.events().queryEnd(host, typeName, server, duration, QueryResult.OK);
      long ttl = Math.min(ttlSoFar, answer.ttlSeconds());
      result.complete(new FamilyResult(typeName, Kind.ADDRESSES, answer.addresses(), ttl, "ok"));
      return;
    }
    ctx.events().queryEnd(host, typeName, server, duration, QueryResult.NO_RECORDS);
    if (answer.cnames() > 0 && answer.cnames() < cnamesLeft) {
      // The server gave only the CNAME chain: ask for its target, from the first server again.
      cnamesLeft -= answer.cnames();
      ttlSoFar = Math.min(ttlSoFar, answer.ttlSeconds());
      qname = answer.last();
      serverIndex = 0;
      failures.clear();
      sendNext();
      return;
    }
    result.complete(FamilyResult.of(typeName, Kind.NO_RECORDS, "no records"));
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
