package dev.detour.spring.internal;

import dev.detour.listener.Notification;
import dev.detour.listener.NotificationHandler;
import dev.detour.listener.Resync;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;

/**
 * One subscription's handler made of a bean's {@code @DetourListen} and {@code @DetourResync}
 * methods for one channel. Immutable; calls the methods on the listener's dispatch thread.
 */
final class AnnotatedHandler implements NotificationHandler {

  private final Object bean;
  private final List<Method> onNotification;
  private final List<Method> onResync;

  AnnotatedHandler(Object bean, List<Method> onNotification, List<Method> onResync) {
    this.bean = bean;
    this.onNotification = List.copyOf(onNotification);
    this.onResync = List.copyOf(onResync);
  }

  @Override
  public void onNotification(Notification notification) {
    for (Method m : onNotification) {
      Class<?>[] types = m.getParameterTypes();
      if (types.length == 0) {
        invoke(m);
      } else if (types[0] == String.class) {
        invoke(m, notification.payload());
      } else {
        invoke(m, notification);
      }
    }
  }

  @Override
  public void onResync(Resync resync) {
    for (Method m : onResync) {
      if (m.getParameterCount() == 0) {
        invoke(m);
      } else {
        invoke(m, resync);
      }
    }
  }

  private void invoke(Method m, Object... args) {
    try {
      m.invoke(bean, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new UndeclaredThrowableException(cause, m.toGenericString() + " threw " + cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(m.toGenericString() + ": not accessible", e);
    }
  }

  @Override
  public String toString() {
    return "AnnotatedHandler[" + bean.getClass().getName() + "]";
  }
}
