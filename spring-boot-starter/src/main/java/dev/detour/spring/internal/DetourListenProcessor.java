package dev.detour.spring.internal;

import dev.detour.listener.DetourListener;
import dev.detour.listener.Notification;
import dev.detour.listener.Resync;
import dev.detour.spring.DetourListen;
import dev.detour.spring.DetourResync;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link DetourListen} and {@link DetourResync} methods of every bean and subscribes them
 * to the application's {@link DetourListener}: one subscription per bean and channel, so that a
 * bean's resync method runs before the notifications of a new connection.
 *
 * <p>A method with a parameter list other than the documented ones fails the start-up, naming the
 * bean's class, the method and what was expected. Subscriptions are made while beans are created,
 * before the listener starts; the listener closes them when it closes.
 */
public final class DetourListenProcessor implements BeanPostProcessor {

  private final ObjectProvider<DetourListener> listener;

  /**
   * Creates the processor.
   *
   * @param listener the application's listener, looked up at the first annotated bean
   */
  public DetourListenProcessor(ObjectProvider<DetourListener> listener) {
    this.listener = listener;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DetourListener) {
      return bean;
    }
    Class<?> type = AopUtils.getTargetClass(bean);
    Map<Method, DetourListen> listens =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<DetourListen>)
                m -> AnnotatedElementUtils.findMergedAnnotation(m, DetourListen.class));
    Map<Method, DetourResync> resyncs =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<DetourResync>)
                m -> AnnotatedElementUtils.findMergedAnnotation(m, DetourResync.class));
    if (listens.isEmpty() && resyncs.isEmpty()) {
      return bean;
    }
    Map<String, List<Method>> notifyByChannel = new TreeMap<>();
    Map<String, List<Method>> resyncByChannel = new TreeMap<>();
    listens.forEach(
        (m, a) -> {
          checkListen(type, m);
          notifyByChannel.computeIfAbsent(a.value(), c -> new ArrayList<>()).add(prepare(bean, m));
        });
    resyncs.forEach(
        (m, a) -> {
          checkResync(type, m);
          resyncByChannel.computeIfAbsent(a.value(), c -> new ArrayList<>()).add(prepare(bean, m));
        });
    DetourListener target = listener.getIfAvailable();
    if (target == null) {
      throw new IllegalStateException(
          type.getName()
              + " has @DetourListen or @DetourResync methods but there is no DetourListener"
              + " (expected detour.listener.enabled=true)");
    }
    TreeMap<String, Boolean> channels = new TreeMap<>();
    notifyByChannel.keySet().forEach(c -> channels.put(c, true));
    resyncByChannel.keySet().forEach(c -> channels.put(c, true));
    for (String channel : channels.keySet()) {
      target.subscribe(
          channel,
          new AnnotatedHandler(
              bean,
              notifyByChannel.getOrDefault(channel, List.of()),
              resyncByChannel.getOrDefault(channel, List.of())));
    }
    return bean;
  }

  private static Method prepare(Object bean, Method m) {
    Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
    ReflectionUtils.makeAccessible(invocable);
    return invocable;
  }

  private static void checkListen(Class<?> type, Method m) {
    Class<?>[] p = m.getParameterTypes();
    boolean ok =
        p.length == 0 || (p.length == 1 && (p[0] == Notification.class || p[0] == String.class));
    if (!ok) {
      throw new IllegalStateException(
          "@DetourListen on "
              + type.getName()
              + "."
              + m.getName()
              + signature(p)
              + " (expected no parameter, a Notification, or a String payload)");
    }
  }

  private static void checkResync(Class<?> type, Method m) {
    Class<?>[] p = m.getParameterTypes();
    boolean ok = p.length == 0 || (p.length == 1 && p[0] == Resync.class);
    if (!ok) {
      throw new IllegalStateException(
          "@DetourResync on "
              + type.getName()
              + "."
              + m.getName()
              + signature(p)
              + " (expected no parameter or a Resync)");
    }
  }

  private static String signature(Class<?>[] params) {
    List<String> names = new ArrayList<>();
    for (Class<?> c : params) {
      names.add(c.getSimpleName());
    }
    return "(" + String.join(", ", names) + ")";
  }
}
