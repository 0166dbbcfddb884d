package dev.detour.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Subscribes a bean's method to a PostgreSQL {@code NOTIFY} channel through the application's
 * {@code DetourListener} (which exists when {@code detour.listener.enabled=true}).
 *
 * <p>The method takes no parameter, a {@code dev.detour.listener.Notification}, or a {@code String}
 * (the payload). Pair it with a {@link DetourResync} method on the same bean and channel to do the
 * catch-up read after a reconnect or an overflow: both share one subscription, so the resync always
 * comes before the notifications of a new connection. Calls for one channel are made one at a time,
 * in order, never on the connection thread; an exception is logged and counted by the listener.
 *
 * <pre>{@code
 * @Component
 * class Jobs {
 *   @DetourListen("jobs") void onJob(String id) { process(id); }
 *   @DetourResync("jobs") void catchUp() { processEveryPendingJob(); }
 * }
 * }</pre>
 *
 * <p>Channel names are matched exactly (an unquoted {@code NOTIFY Jobs} sends to {@code jobs}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DetourListen {

  /**
   * The channel, as {@code pg_notify} names it.
   *
   * @return the channel name
   */
  String value();
}
