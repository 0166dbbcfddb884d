package dev.detour.spring.internal;

import dev.detour.pool.DetourDataSource;
import dev.detour.router.Router;
import dev.detour.router.micrometer.MicrometerRouterListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Once every singleton exists, registers one {@link MicrometerRouterListener} on each router used
 * by the application's {@link DetourDataSource} beans (the listener shares the pool's router when
 * their settings are equal), so that {@code detour.router.*} meters and {@code
 * detour.router.connect} observations reach the application's registries. Removes them on close.
 */
public final class RouterMetricsBinder implements SmartInitializingSingleton, DisposableBean {

  private final ConfigurableListableBeanFactory beans;
  private final MeterRegistry meters;
  private final ObservationRegistry observations;
  private final List<AutoCloseable> bindings = new ArrayList<>();

  /**
   * Creates the binder.
   *
   * @param beans the context's beans
   * @param meters the application's meter registry
   * @param observations the application's observation registry ({@code NOOP} if none)
   */
  public RouterMetricsBinder(
      ConfigurableListableBeanFactory beans,
      MeterRegistry meters,
      ObservationRegistry observations) {
    this.beans = beans;
    this.meters = meters;
    this.observations = observations;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Set<Router> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (DetourDataSource ds :
        beans.getBeansOfType(DetourDataSource.class, false, false).values()) {
      Router router = ds.router();
      if (seen.add(router)) {
        bindings.add(MicrometerRouterListener.bind(router, meters, observations));
      }
    }
  }

  @Override
  public void destroy() throws Exception {
    for (AutoCloseable binding : bindings) {
      binding.close();
    }
    bindings.clear();
  }
}
