package dev.detour.spring;

/**
 * The {@code detour.listener.*} settings, as written in {@code application.properties} or {@code
 * application.yml}.
 *
 * <p>Values other than {@code enabled} are kept as written and checked by the listener itself at
 * start-up. Not thread-safe: Spring binds it once at start-up.
 */
public class DetourListenerProperties {

  /** Whether a DetourListener bean is created, on spring.datasource.url and its credentials. */
  private boolean enabled = false;

  /** Creates the holder with every default. */
  public DetourListenerProperties() {}

  /**
   * Returns {@code detour.listener.enabled}.
   *
   * @return whether the listener bean is created
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@code detour.listener.enabled}.
   *
   * @param enabled whether the listener bean is created
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
