package dev.detour.resolver.internal;

import dev.detour.resolver.LookupOutcome;
import dev.detour.resolver.QueryResult;
import dev.detour.resolver.ResolverEventListener;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wraps a {@link ResolverEventListener} so that its exceptions are logged, never propagated. */
public final class SafeEvents implements ResolverEventListener {

  private static final Logger log = LoggerFactory.getLogger(SafeEvents.class);

  private final ResolverEventListener delegate;
  private final boolean enabled;

  public SafeEvents(ResolverEventListener delegate) {
    this.delegate = delegate;
    this.enabled = delegate != ResolverEventListener.NOOP;
  }

  /** Returns {@code false} for the no-op listener, so the hot path can skip timing work. */
  public boolean enabled() {
    return enabled;
  }

  @Override
  public void lookupStart(String host) {
    try {
      delegate.lookupStart(host);
    } catch (RuntimeException e) {
      log.warn("ResolverEventListener.lookupStart threw", e);
    }
  }

  @Override
  public void lookupEnd(String host, LookupOutcome outcome, long durationNanos) {
    try {
      delegate.lookupEnd(host, outcome, durationNanos);
    } catch (RuntimeException e) {
      log.warn("ResolverEventListener.lookupEnd threw", e);
    }
  }

  @Override
  public void queryEnd(
      String host, String type, InetSocketAddress server, long durationNanos, QueryResult result) {
    try {
      delegate.queryEnd(host, type, server, durationNanos, result);
    } catch (RuntimeException e) {
      log.warn("ResolverEventListener.queryEnd threw", e);
    }
  }

  @Override
  public void cacheSize(int entries) {
    try {
      delegate.cacheSize(entries);
    } catch (RuntimeException e) {
      log.warn("ResolverEventListener.cacheSize threw", e);
    }
  }
}
