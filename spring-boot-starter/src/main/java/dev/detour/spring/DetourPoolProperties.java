package dev.detour.spring;

/**
 * The {@code detour.pool.*} settings, as written in {@code application.properties} or {@code
 * application.yml}.
 *
 * <p>Values other than {@code enabled} are kept as written and checked by the pool itself at
 * start-up. Hikari's own knobs come from {@code spring.datasource.hikari.*}. Not thread-safe:
 * Spring binds it once at start-up.
 */
public class DetourPoolProperties {

  /**
   * Whether the application's DataSource is a DetourDataSource. Default: true when
   * spring.datasource.url starts with jdbc:detour:, false otherwise.
   */
  private Boolean enabled;

  /** Creates the holder with every default. */
  public DetourPoolProperties() {}

  /**
   * Returns {@code detour.pool.enabled}.
   *
   * @return the value, or null when unset (then the URL prefix decides)
   */
  public Boolean getEnabled() {
    return enabled;
  }

  /**
   * Sets {@code detour.pool.enabled}.
   *
   * @param enabled whether the DataSource is a DetourDataSource
   */
  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }
}
