package dev.detour.spring.internal;

import dev.detour.listener.DetourListener;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's {@link DetourListener} when the context starts (after every bean has
 * subscribed) and closes it, within {@link #STOP_TIMEOUT}, when the context stops. A start that
 * fails (authentication, unknown database, no working LISTEN within the listener's start timeout)
 * fails the application's start with the listener's message.
 */
public final class DetourListenerLifecycle implements SmartLifecycle {

  /** How long a shutdown waits for the listener's handlers to drain. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final DetourListener listener;
  private volatile boolean running;

  /**
   * Creates the lifecycle.
   *
   * @param listener the listener to start and close
   */
  public DetourListenerLifecycle(DetourListener listener) {
    this.listener = listener;
  }

  @Override
  public void start() {
    listener.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    listener.close(STOP_TIMEOUT);
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
