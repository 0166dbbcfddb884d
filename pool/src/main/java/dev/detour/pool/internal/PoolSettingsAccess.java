package dev.detour.pool.internal;

import com.zaxxer.hikari.HikariConfig;

/** Applies the validated Hikari knobs of {@link PoolSettings} to a {@link HikariConfig}. */
public final class PoolSettingsAccess {

  private PoolSettingsAccess() {}

  /** Applies {@code settings}' {@code detour.pool.hikari.*} knobs; they win over the pool's. */
  public static void applyHikari(PoolSettings settings, HikariConfig config) {
    HikariKnobs.apply(settings.hikari(), config);
  }
}
