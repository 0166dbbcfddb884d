package dev.detour.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the bean's method that re-reads its state when notifications on a channel may have been
 * missed: after the first LISTEN, after every reconnect, and after a queue overflow.
 *
 * <p>The method takes no parameter or a {@code dev.detour.listener.Resync} (the reason and the
 * gap). It shares one subscription with the bean's {@link DetourListen} methods of the same
 * channel; a bean may also have a resync method alone.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DetourResync {

  /**
   * The channel, as {@code pg_notify} names it.
   *
   * @return the channel name
   */
  String value();
}
